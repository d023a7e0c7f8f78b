package io.computenet.placement.slices;

import io.computenet.contracts.inventory.SliceKind;

/**
 * What one lease asks of one device: the whole device, a fixed profile from the device's table (MIG, vNPU), or a
 * share (sMLU, soft) of memory and compute.
 *
 * <p>Requests are validated on construction; a request that is wrong whatever the device throws
 * {@link IllegalArgumentException}. Whether it suits a particular device is decided by
 * {@link SliceArithmetic#fit}.
 */
public sealed interface SliceRequest permits SliceRequest.Whole, SliceRequest.Profile, SliceRequest.Share {

    /** The mode a device must be in (or switch to, when empty) to hold this request. */
    DeviceMode mode();

    /** A request for the whole device. */
    static Whole whole() {
        return Whole.INSTANCE;
    }

    /** A MIG profile request, e.g. {@code mig("3g.40gb")}. */
    static Profile mig(String profileName) {
        return new Profile(SliceKind.MIG, profileName);
    }

    /** A vNPU template request, e.g. {@code vnpu("vir10_3c_32g")}. */
    static Profile vnpu(String templateName) {
        return new Profile(SliceKind.VNPU, templateName);
    }

    /** A soft share of {@code memoryMiB} and {@code computePct} percent. */
    static Share soft(long memoryMiB, int computePct) {
        return new Share(SliceKind.SOFT, memoryMiB, computePct);
    }

    /** A Cambricon sMLU share of {@code memoryMiB} (rounded up to 256 MiB units) and {@code computePct} percent. */
    static Share smlu(long memoryMiB, int computePct) {
        return new Share(SliceKind.SMLU, memoryMiB, computePct);
    }

    /** The whole device; needs an empty device. */
    record Whole() implements SliceRequest {
        /** The one instance; {@code new Whole()} is equal to it. */
        public static final Whole INSTANCE = new Whole();

        @Override
        public DeviceMode mode() {
            return DeviceMode.WHOLE;
        }
    }

    /**
     * A fixed profile from the device's table.
     *
     * @param kind {@link SliceKind#MIG} or {@link SliceKind#VNPU}
     * @param name the vendor's profile name, exactly as in the table ({@code 1g.10gb}, {@code vir05_1c_16g})
     */
    record Profile(SliceKind kind, String name) implements SliceRequest {
        /** Validates kind and name; throws {@link IllegalArgumentException}. */
        public Profile {
            if (kind != SliceKind.MIG && kind != SliceKind.VNPU) {
                throw new IllegalArgumentException("a profile request needs kind MIG or VNPU, was " + kind
                        + " (SMLU and SOFT are requested as a Share)");
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a " + kind + " profile request needs a profile name");
            }
        }

        @Override
        public DeviceMode mode() {
            return DeviceMode.of(kind);
        }
    }

    /**
     * A share of a device's memory and compute.
     *
     * @param kind       {@link SliceKind#SMLU} or {@link SliceKind#SOFT}
     * @param memoryMiB  memory in MiB, at least 1 (sMLU rounds it up to whole 256 MiB units)
     * @param computePct compute share in percent, 1..100 (HAMi's "0 = unlimited" is not modelled: it would break
     *                   the rule that shares on a device add up to at most 100 %)
     */
    record Share(SliceKind kind, long memoryMiB, int computePct) implements SliceRequest {
        /** Validates kind, memory and compute; throws {@link IllegalArgumentException}. */
        public Share {
            if (kind != SliceKind.SMLU && kind != SliceKind.SOFT) {
                throw new IllegalArgumentException("a share request needs kind SMLU or SOFT, was " + kind
                        + " (MIG and VNPU are requested as a Profile)");
            }
            if (memoryMiB <= 0) {
                throw new IllegalArgumentException(kind + " share: memoryMiB must be positive, was " + memoryMiB);
            }
            if (computePct < 1 || computePct > 100) {
                throw new IllegalArgumentException(kind + " share: computePct must be within 1..100, was "
                        + computePct);
            }
        }

        @Override
        public DeviceMode mode() {
            return DeviceMode.of(kind);
        }
    }
}
