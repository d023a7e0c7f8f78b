package io.computenet.placement;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;

/**
 * One device as the planner sees it.
 *
 * @param deviceKey stable id of the device within its node
 * @param free      whether the whole device is available: healthy, no lease and no slice on it
 * @param shape     the device's slice profile table, or null when it is only ever handed out whole
 * @param slices    the slices on the device when more may be cut from it (healthy, not held whole), else null; an
 *                  empty state for a free device with a shape
 */
public record DeviceSlot(String deviceKey, Vendor vendor, String model, long memoryMiB, boolean free,
                         DeviceShape shape, DeviceState slices) {

    public DeviceSlot {
        if (slices != null && (shape == null || !slices.shape().equals(shape))) {
            throw new IllegalArgumentException(deviceKey + ": slice state without its shape");
        }
        if (free && slices != null && !slices.isEmpty()) {
            throw new IllegalArgumentException(deviceKey + ": a free device holds no slices");
        }
    }

    /** A device that is only ever handed out whole. */
    public DeviceSlot(String deviceKey, Vendor vendor, String model, long memoryMiB, boolean free) {
        this(deviceKey, vendor, model, memoryMiB, free, null, null);
    }

    /** A device with a slice table: free and sliceable when {@code slices} is empty, partly used otherwise. */
    public static DeviceSlot sliceable(String deviceKey, DeviceState slices) {
        return new DeviceSlot(deviceKey, slices.vendor(), slices.model(), slices.memoryMiB(), slices.isEmpty(),
                slices.shape(), slices);
    }

    /** Whether a lease of some kind could still get something from this device. */
    public boolean available() {
        return free || slices != null;
    }

    /** The device as if nothing held it (free, slices emptied), or held (nothing to hand out). */
    public DeviceSlot withFree(boolean isFree) {
        DeviceState state = isFree && shape != null ? DeviceState.empty(shape) : null;
        if (isFree == free && java.util.Objects.equals(state, slices)) {
            return this;
        }
        return new DeviceSlot(deviceKey, vendor, model, memoryMiB, isFree, shape, state);
    }
}
