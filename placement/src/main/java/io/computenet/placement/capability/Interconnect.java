package io.computenet.placement.capability;

/**
 * The fastest device-to-device link a model has inside one node, in the server form it is usually sold in. It says
 * whether tensor parallelism across the node's devices is cheap (a vendor link) or has to go through the host's
 * PCIe fabric. Bandwidths differ between generations of the same link (an A800's NVLink runs at 400 GB/s, an H100's
 * at 900 GB/s); this enum names the kind only.
 */
public enum Interconnect {
    /** NVIDIA NVLink (SXM boards through NVSwitch, or NVLink bridges on NVL cards). */
    NVLINK,
    /** Huawei Ascend HCCS (Huawei Cache Coherence System) between the NPUs of an Atlas node. */
    HCCS,
    /** Cambricon MLU-Link, on the card and through MLU-Link bridges between cards. */
    MLU_LINK,
    /**
     * The host's PCIe only. Also what an uncatalogued model is assumed to have: every device has PCIe, so a lease
     * that asks for a vendor link is never given a device nobody has vouched for.
     */
    PCIE
}
