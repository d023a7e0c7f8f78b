package io.computenet.placement;

import java.util.Collection;
import java.util.List;

/**
 * A node in the capacity snapshot.
 *
 * @param schedulable false for a node that is draining, unhealthy or has missed its heartbeats
 * @param host        the host CPU and memory left for leases, or null when the node's agent reports none (then the
 *                    node is never short of either)
 */
public record NodeCapacity(String nodeId, String operatorId, String region, String cluster, RegionTier tier,
                           boolean schedulable, List<DeviceSlot> devices, Host host) {

    /**
     * Host CPU and memory: what the node's agent reported (logical CPUs as thousandths, total memory) less what the
     * leases on the node asked for; never below zero.
     *
     * @param cpuMilli  CPU left, in thousandths of a logical CPU
     * @param memoryMiB memory left
     */
    public record Host(long cpuMilli, long memoryMiB) {
        public Host {
            cpuMilli = Math.max(0, cpuMilli);
            memoryMiB = Math.max(0, memoryMiB);
        }
    }

    public NodeCapacity {
        devices = List.copyOf(devices);
    }

    /** A node whose host CPU and memory are not known. */
    public NodeCapacity(String nodeId, String operatorId, String region, String cluster, RegionTier tier,
                        boolean schedulable, List<DeviceSlot> devices) {
        this(nodeId, operatorId, region, cluster, tier, schedulable, devices, null);
    }

    /** This node marked schedulable or not (draining, unhealthy, silent), its devices as they are. */
    public NodeCapacity withSchedulable(boolean isSchedulable) {
        return isSchedulable == schedulable ? this
                : new NodeCapacity(nodeId, operatorId, region, cluster, tier, isSchedulable, devices, host);
    }

    /** This node with these devices instead of its own (its host as it is). */
    public NodeCapacity withDevices(List<DeviceSlot> replaced) {
        return new NodeCapacity(nodeId, operatorId, region, cluster, tier, schedulable, replaced, host);
    }

    /** This node with every device marked free: what the fleet would offer with nothing running. */
    public NodeCapacity allFree() {
        return withDevices(devices.stream().map(d -> d.withFree(true)).toList());
    }

    /** The snapshot with the devices {@code keys} of node {@code nodeId} marked free or held. */
    public static List<NodeCapacity> withFree(List<NodeCapacity> snapshot, String nodeId,
                                              Collection<String> keys, boolean free) {
        return snapshot.stream().map(n -> !n.nodeId().equals(nodeId) ? n : n.withDevices(n.devices().stream()
                .map(d -> keys.contains(d.deviceKey()) ? d.withFree(free) : d).toList())).toList();
    }

    /**
     * The snapshot with the slice {@code allocationId} on device {@code deviceKey} of node {@code nodeId} handed back:
     * the device's other slices stay, and with none left it is free whole. A device whose slices are not tracked
     * (held whole, unhealthy) is left as it is.
     */
    public static List<NodeCapacity> withoutSlice(List<NodeCapacity> snapshot, String nodeId, String deviceKey,
                                                  String allocationId) {
        for (NodeCapacity n : snapshot) {
            if (!n.nodeId().equals(nodeId)) {
                continue;
            }
            for (DeviceSlot d : n.devices()) {
                if (d.deviceKey().equals(deviceKey) && d.slices() != null
                        && d.slices().allocation(allocationId).isPresent()) {
                    io.computenet.placement.slices.DeviceState rest = io.computenet.placement.slices.DeviceState
                            .restore(d.shape(), d.slices().allocations().stream()
                                    .filter(a -> !a.id().equals(allocationId)).toList());
                    return withDevices(snapshot, nodeId, List.of(DeviceSlot.sliceable(deviceKey, rest)));
                }
            }
        }
        return snapshot;
    }

    /** The snapshot with these devices of node {@code nodeId} replaced (matched by device key). */
    public static List<NodeCapacity> withDevices(List<NodeCapacity> snapshot, String nodeId,
                                                 List<DeviceSlot> replacements) {
        java.util.Map<String, DeviceSlot> byKey = new java.util.HashMap<>();
        replacements.forEach(d -> byKey.put(d.deviceKey(), d));
        return snapshot.stream().map(n -> !n.nodeId().equals(nodeId) ? n : n.withDevices(n.devices().stream()
                .map(d -> byKey.getOrDefault(d.deviceKey(), d)).toList())).toList();
    }
}
