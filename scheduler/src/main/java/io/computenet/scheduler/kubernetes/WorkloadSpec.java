package io.computenet.scheduler.kubernetes;

import io.computenet.placement.slices.DeviceMode;

import io.computenet.contracts.inventory.Vendor;

import java.util.List;

/**
 * Everything the desired Pod of a lease depends on.
 *
 * @param nodeName the Kubernetes node name the lease's node bound at enrolment (the Pod is pinned to it)
 * @param slice    the slice the lease holds, or null for whole devices
 */
public record WorkloadSpec(String leaseId, String tenantId, String namespace, String nodeName, Vendor vendor,
                           String deviceModel, int deviceCount, long memoryMiBPerDevice, List<String> deviceKeys,
                           String image, List<String> command, Slice slice) {

    public WorkloadSpec {
        deviceKeys = List.copyOf(deviceKeys);
        command = command == null ? List.of() : List.copyOf(command);
    }

    /** A whole-device workload. */
    public WorkloadSpec(String leaseId, String tenantId, String namespace, String nodeName, Vendor vendor,
                        String deviceModel, int deviceCount, long memoryMiBPerDevice, List<String> deviceKeys,
                        String image, List<String> command) {
        this(leaseId, tenantId, namespace, nodeName, vendor, deviceModel, deviceCount, memoryMiBPerDevice,
                deviceKeys, image, command, null);
    }

    /**
     * A slice of the lease's device.
     *
     * @param mode      MIG, VNPU, SMLU or SOFT
     * @param profile   MIG profile / vNPU template name, null for shares
     * @param memoryMiB memory the slice holds
     * @param compute   MIG compute slices, vNPU AI cores, or percent for shares
     * @param resource  the extended resource of the device's profile as its node agent reported it
     */
    public record Slice(DeviceMode mode, String profile, long memoryMiB, int compute, String resource) {
    }
}
