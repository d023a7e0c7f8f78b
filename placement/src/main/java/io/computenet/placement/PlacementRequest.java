package io.computenet.placement;

import io.computenet.contracts.inventory.Vendor;

/**
 * What a lease needs, vendor-neutral.
 *
 * @param memoryMiBPerDevice accelerator memory needed on each device
 * @param deviceCount        devices needed, all on one node
 * @param region             required region, or null for any
 * @param vendor             required vendor, or null for any
 * @param workloadClass      decides the preferred region tier
 */
public record PlacementRequest(long memoryMiBPerDevice, int deviceCount, String region, Vendor vendor,
                               WorkloadClass workloadClass) {

    public PlacementRequest {
        if (memoryMiBPerDevice <= 0) {
            throw new IllegalArgumentException("memoryMiBPerDevice must be positive");
        }
        if (deviceCount <= 0) {
            throw new IllegalArgumentException("deviceCount must be positive");
        }
        if (workloadClass == null) {
            workloadClass = WorkloadClass.INFERENCE;
        }
    }
}
