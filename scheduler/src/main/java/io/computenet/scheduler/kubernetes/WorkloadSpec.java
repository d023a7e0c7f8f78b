package io.computenet.scheduler.kubernetes;

import io.computenet.placement.capability.Framework;
import io.computenet.placement.slices.DeviceMode;

import io.computenet.contracts.inventory.Vendor;

import java.util.List;

/**
 * Everything the desired Pod of a lease depends on.
 *
 * @param nodeName the Kubernetes node name the lease's node bound at enrolment (the Pod is pinned to it)
 * @param slice    the slice the lease holds, or null for whole devices
 * @param serving  what an inference replica serves, or null for an ordinary lease (the researcher's image runs)
 */
public record WorkloadSpec(String leaseId, String tenantId, String namespace, String nodeName, Vendor vendor,
                           String deviceModel, int deviceCount, long memoryMiBPerDevice, List<String> deviceKeys,
                           String image, List<String> command, Slice slice, Serving serving) {

    /** A workload of an ordinary lease (no serving). */
    public WorkloadSpec(String leaseId, String tenantId, String namespace, String nodeName, Vendor vendor,
                        String deviceModel, int deviceCount, long memoryMiBPerDevice, List<String> deviceKeys,
                        String image, List<String> command, Slice slice) {
        this(leaseId, tenantId, namespace, nodeName, vendor, deviceModel, deviceCount, memoryMiBPerDevice,
                deviceKeys, image, command, slice, null);
    }

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

    /**
     * What an inference endpoint's replica serves: the lease runs the framework's serving image for its vendor
     * instead of a researcher's image ({@link PodFactory#desired}).
     *
     * @param endpointId the endpoint ({@code ep-...}): the Pod's endpoint label and the Service's selector
     * @param model      a model id ({@code Qwen/Qwen2.5-7B-Instruct}) or a path in the operator's model store
     *                   ({@code store://<path>})
     * @param revision   the model's revision (branch, tag or commit)
     * @param framework  the serving framework (vLLM or SGLang): which image, command and arguments the replica runs
     */
    public record Serving(String endpointId, String model, String revision, Framework framework) {
        public Serving {
            java.util.Objects.requireNonNull(framework, "framework");
        }
    }
}
