package io.computenet.nodeagent.fleet;

import io.computenet.contracts.inventory.DeviceInfo;

import java.util.List;

/**
 * A node the agent publishes for (the node it runs on, or one of a simulated fleet) and its devices.
 *
 * @param topology the node's topology label (rack, switch) its operator configured, or null
 */
public record SimulatedNode(String nodeId, String operatorId, String region, String cluster, String hostname,
                            List<DeviceInfo> devices, String topology) {

    public SimulatedNode {
        devices = List.copyOf(devices);
    }

    /** A node without a topology label. */
    public SimulatedNode(String nodeId, String operatorId, String region, String cluster, String hostname,
                         List<DeviceInfo> devices) {
        this(nodeId, operatorId, region, cluster, hostname, devices, null);
    }

    public SimulatedNode withDevices(List<DeviceInfo> fresh) {
        return new SimulatedNode(nodeId, operatorId, region, cluster, hostname, fresh, topology);
    }

    public SimulatedNode withTopology(String label) {
        return new SimulatedNode(nodeId, operatorId, region, cluster, hostname, devices, label);
    }
}
