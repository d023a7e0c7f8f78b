package io.computenet.placement;

import java.util.List;

/**
 * A node in the capacity snapshot.
 *
 * @param schedulable false for a node that is draining, unhealthy or has missed its heartbeats
 */
public record NodeCapacity(String nodeId, String operatorId, String region, String cluster, RegionTier tier,
                           boolean schedulable, List<DeviceSlot> devices) {

    public NodeCapacity {
        devices = List.copyOf(devices);
    }
}
