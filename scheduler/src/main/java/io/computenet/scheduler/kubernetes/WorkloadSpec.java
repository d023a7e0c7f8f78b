package io.computenet.scheduler.kubernetes;

import io.computenet.contracts.inventory.Vendor;

import java.util.List;

/** Everything the desired Pod of a lease depends on. */
public record WorkloadSpec(String leaseId, String tenantId, String namespace, String nodeHostname, Vendor vendor,
                           String deviceModel, int deviceCount, long memoryMiBPerDevice, List<String> deviceKeys,
                           String image, List<String> command) {

    public WorkloadSpec {
        deviceKeys = List.copyOf(deviceKeys);
        command = command == null ? List.of() : List.copyOf(command);
    }
}
