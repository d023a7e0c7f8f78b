package io.computenet.placement;

import java.util.List;

/** The planner's choice: these devices on this node. */
public record Placement(NodeCapacity node, List<DeviceSlot> devices) {

    public Placement {
        devices = List.copyOf(devices);
    }

    public DeviceSlot firstDevice() {
        return devices.get(0);
    }
}
