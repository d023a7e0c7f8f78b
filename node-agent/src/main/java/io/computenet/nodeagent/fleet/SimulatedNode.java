package io.computenet.nodeagent.fleet;

import io.computenet.contracts.inventory.DeviceInfo;

import java.util.List;

/** A node of the simulated fleet and its devices. */
public record SimulatedNode(String nodeId, String operatorId, String region, String cluster, String hostname,
                            List<DeviceInfo> devices) {

    public SimulatedNode {
        devices = List.copyOf(devices);
    }
}
