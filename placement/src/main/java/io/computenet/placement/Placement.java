package io.computenet.placement;

import java.math.BigDecimal;
import java.util.List;

/**
 * The planner's choice: these devices on this node, whole, or for a single-device lease possibly one slice of the
 * device.
 *
 * @param slice the slice chosen on the (only) device, or null when the devices are taken whole
 */
public record Placement(NodeCapacity node, List<DeviceSlot> devices, SliceChoice slice) {

    public Placement {
        devices = List.copyOf(devices);
        if (slice != null && devices.size() != 1) {
            throw new IllegalArgumentException("a slice placement is on exactly one device");
        }
        if (slice != null && slice.whole()) {
            slice = null;
        }
    }

    public Placement(NodeCapacity node, List<DeviceSlot> devices) {
        this(node, devices, null);
    }

    public DeviceSlot firstDevice() {
        return devices.get(0);
    }

    /** The fraction of each device the lease holds and is billed for: 1 for whole devices. */
    public BigDecimal share() {
        return slice == null ? BigDecimal.ONE : slice.share();
    }
}
