package io.computenet.placement.slices;

import io.computenet.contracts.inventory.SliceKind;

/**
 * The mode a device is in. A device holds allocations of one mode only; an {@link #EMPTY} device holds none and
 * may be configured into any mode it supports (for NVIDIA this is where MIG is enabled or disabled, which needs an
 * idle GPU).
 *
 * <p>The unit of {@link Allocation#compute()} depends on the mode:
 * <table>
 *   <caption>compute unit per mode</caption>
 *   <tr><th>mode</th><th>compute unit</th></tr>
 *   <tr><td>WHOLE</td><td>percent of the device (always 100)</td></tr>
 *   <tr><td>MIG</td><td>the profile's compute units (streaming multiprocessors on NVIDIA)</td></tr>
 *   <tr><td>VNPU</td><td>Ascend AI cores</td></tr>
 *   <tr><td>SMLU, SOFT</td><td>percent of the device</td></tr>
 * </table>
 */
public enum DeviceMode {
    /** No allocations; free to be configured into any supported mode. */
    EMPTY(null),
    /** One allocation takes the whole device. */
    WHOLE(null),
    /** NVIDIA Multi-Instance GPU (and Cambricon MIM, which the inventory reports with the MIG kind). */
    MIG(SliceKind.MIG),
    /** Huawei Ascend vNPU templates. */
    VNPU(SliceKind.VNPU),
    /** Cambricon sMLU shares. */
    SMLU(SliceKind.SMLU),
    /** Vendor-neutral soft shares (memory hard limit + compute share). */
    SOFT(SliceKind.SOFT);

    private final SliceKind kind;

    DeviceMode(SliceKind kind) {
        this.kind = kind;
    }

    /** The slice kind this mode hands out, or null for {@link #EMPTY} and {@link #WHOLE}. */
    public SliceKind sliceKind() {
        return kind;
    }

    /** The mode whose allocations are slices of {@code kind}. */
    public static DeviceMode of(SliceKind kind) {
        return switch (kind) {
            case MIG -> MIG;
            case VNPU -> VNPU;
            case SMLU -> SMLU;
            case SOFT -> SOFT;
        };
    }
}
