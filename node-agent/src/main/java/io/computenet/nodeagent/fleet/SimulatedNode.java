package io.computenet.nodeagent.fleet;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.nodeagent.discovery.HostResources;

import java.util.List;

/**
 * A node the agent publishes for (the node it runs on, or one of a simulated fleet) and its devices.
 *
 * @param topology the node's topology label (rack, switch) its operator configured, or null
 * @param host     the host's logical CPUs and memory (read from the OS, or the simulated server's), or null
 */
public record SimulatedNode(String nodeId, String operatorId, String region, String cluster, String hostname,
                            List<DeviceInfo> devices, String topology, HostResources host) {

    public SimulatedNode {
        devices = List.copyOf(devices);
    }

    /** A node without a topology label. */
    public SimulatedNode(String nodeId, String operatorId, String region, String cluster, String hostname,
                         List<DeviceInfo> devices) {
        this(nodeId, operatorId, region, cluster, hostname, devices, null, null);
    }

    /** A node without host CPU and memory. */
    public SimulatedNode(String nodeId, String operatorId, String region, String cluster, String hostname,
                         List<DeviceInfo> devices, String topology) {
        this(nodeId, operatorId, region, cluster, hostname, devices, topology, null);
    }

    public SimulatedNode withDevices(List<DeviceInfo> fresh) {
        return new SimulatedNode(nodeId, operatorId, region, cluster, hostname, fresh, topology, host);
    }

    public SimulatedNode withTopology(String label) {
        return new SimulatedNode(nodeId, operatorId, region, cluster, hostname, devices, label, host);
    }

    public SimulatedNode withHost(HostResources resources) {
        return new SimulatedNode(nodeId, operatorId, region, cluster, hostname, devices, topology, resources);
    }
}
