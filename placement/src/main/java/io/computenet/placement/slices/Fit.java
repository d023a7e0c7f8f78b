package io.computenet.placement.slices;

/**
 * The outcome of {@link SliceArithmetic#fit}: the request was placed (with the device's new state and the
 * allocation made), or rejected with a machine-readable code and a human reason.
 */
public sealed interface Fit permits Fit.Placed, Fit.Rejected {

    /** Whether the request was placed. */
    boolean placed();

    /**
     * The request was placed.
     *
     * @param state      the device's state with the allocation added
     * @param allocation what was handed out
     */
    record Placed(DeviceState state, Allocation allocation) implements Fit {
        @Override
        public boolean placed() {
            return true;
        }
    }

    /**
     * The request does not fit this device now.
     *
     * @param code   why, for machines (metrics, "why is my job pending" grouping)
     * @param reason why, for people, e.g. {@code 3g.40gb: no free aligned slot (...; free memory slots 1,2,3)}
     */
    record Rejected(Code code, String reason) implements Fit {
        @Override
        public boolean placed() {
            return false;
        }
    }

    /** Why a request was rejected, checked in this order. */
    enum Code {
        /** The device's profile table has no such profile, or the device does not offer that kind of slicing. */
        UNSUPPORTED,
        /** The device is in another mode; modes cannot be mixed until the device is empty again. */
        MODE_CONFLICT,
        /** A whole-device request on a device that holds allocations. */
        DEVICE_BUSY,
        /** The profile's per-device instance limit, or the device's share limit, is reached. */
        INSTANCE_LIMIT,
        /** MIG: no valid start position whose memory slots are all free. */
        NO_ALIGNED_SLOT,
        /** Not enough compute left (AI cores, percent, MIG partition share). */
        INSUFFICIENT_COMPUTE,
        /** Not enough memory left. */
        INSUFFICIENT_MEMORY
    }
}
