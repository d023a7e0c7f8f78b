package io.computenet.contracts.inventory;

/** How a device can be divided: NVIDIA MIG, Ascend vNPU templates, Cambricon sMLU, or soft (memory + compute share). */
public enum SliceKind {
    MIG,
    VNPU,
    SMLU,
    SOFT
}
