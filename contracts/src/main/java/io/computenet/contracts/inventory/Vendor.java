package io.computenet.contracts.inventory;

/** Accelerator vendors ComputeNet knows how to discover and schedule. */
public enum Vendor {
    NVIDIA,
    HUAWEI_ASCEND,
    CAMBRICON
}
