package io.computenet.placement;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.capability.Capabilities;
import io.computenet.placement.capability.Framework;

/**
 * What a lease needs, vendor-neutral.
 *
 * @param memoryMiBPerDevice accelerator memory needed on each device
 * @param deviceCount        devices needed, all on one node
 * @param region             required region, or null for any
 * @param vendor             required vendor, or null for any
 * @param workloadClass      decides the preferred region tier
 * @param computePct         compute share needed on the device in percent (1..100), or null: a slice then gets
 *                           the device's compute in proportion to the memory it takes
 * @param model              required device model (as the node agent reports it, any case), or null
 * @param sliceProfile       required MIG profile or vNPU template name (e.g. {@code 3g.40gb}), or null
 * @param sharing            how much of a device a single-device lease may share; multi-device leases take whole
 *                           devices
 * @param framework          a framework or toolkit the device must run ({@link Capabilities}), or null
 * @param cpuCount           host CPUs (logical) the lease needs on each of its nodes, or null: then
 *                           {@link ClusterPolicy#DEFAULT_CPUS_PER_DEVICE} per device, in proportion to a slice's
 *                           share ({@link ClusterPolicy#hostCpuMilli}). Only the FGD policies weigh it (the CPU-aware
 *                           measure); no policy refuses a node for it
 * @param hostMemoryMiB      host memory the lease needs on each of its nodes, or null for none named. The FGD
 *                           policies (the CPU-aware one included) do not place it on a node whose agent reports less
 *                           host memory left ({@link NodeCapacity#host()}), as the trace replay's core does not
 *                           ({@code NodeState.fits}); like the replay's measure they do not weigh it in the score.
 *                           Binpack and spread ignore it
 */
public record PlacementRequest(long memoryMiBPerDevice, int deviceCount, String region, Vendor vendor,
                               WorkloadClass workloadClass, Integer computePct, String model, String sliceProfile,
                               Sharing sharing, Framework framework, Integer cpuCount, Long hostMemoryMiB) {

    public PlacementRequest {
        if (memoryMiBPerDevice <= 0) {
            throw new IllegalArgumentException("memoryMiBPerDevice must be positive");
        }
        if (deviceCount <= 0) {
            throw new IllegalArgumentException("deviceCount must be positive");
        }
        if (hostMemoryMiB != null && hostMemoryMiB < 0) {
            throw new IllegalArgumentException("hostMemoryMiB must not be negative, was " + hostMemoryMiB);
        }
        if (cpuCount != null && cpuCount < 1) {
            throw new IllegalArgumentException("cpuCount must be positive, was " + cpuCount);
        }
        if (computePct != null && (computePct < 1 || computePct > 100)) {
            throw new IllegalArgumentException("computePct must be within 1..100, was " + computePct);
        }
        if (workloadClass == null) {
            workloadClass = WorkloadClass.INFERENCE;
        }
        if (sharing == null) {
            sharing = Sharing.SHARED;
        }
        if (model != null && model.isBlank()) {
            model = null;
        }
        if (sliceProfile != null && sliceProfile.isBlank()) {
            sliceProfile = null;
        }
        if (sliceProfile != null && (deviceCount > 1 || sharing == Sharing.WHOLE)) {
            throw new IllegalArgumentException("a slice profile is for a single-device lease that accepts slices "
                    + "(MIG instances and vNPUs take no part in multi-device collectives)");
        }
    }

    /** A request that names no host memory ({@code hostMemoryMiB} null). */
    public PlacementRequest(long memoryMiBPerDevice, int deviceCount, String region, Vendor vendor,
                            WorkloadClass workloadClass, Integer computePct, String model, String sliceProfile,
                            Sharing sharing, Framework framework, Integer cpuCount) {
        this(memoryMiBPerDevice, deviceCount, region, vendor, workloadClass, computePct, model, sliceProfile, sharing,
                framework, cpuCount, null);
    }

    /** A request for the default host CPUs ({@code cpuCount} null). */
    public PlacementRequest(long memoryMiBPerDevice, int deviceCount, String region, Vendor vendor,
                            WorkloadClass workloadClass, Integer computePct, String model, String sliceProfile,
                            Sharing sharing, Framework framework) {
        this(memoryMiBPerDevice, deviceCount, region, vendor, workloadClass, computePct, model, sliceProfile, sharing,
                framework, null);
    }

    /** A request with no framework constraint. */
    public PlacementRequest(long memoryMiBPerDevice, int deviceCount, String region, Vendor vendor,
                            WorkloadClass workloadClass, Integer computePct, String model, String sliceProfile,
                            Sharing sharing) {
        this(memoryMiBPerDevice, deviceCount, region, vendor, workloadClass, computePct, model, sliceProfile, sharing,
                null);
    }

    /** A whole-device request with no compute, model or slice constraint. */
    public PlacementRequest(long memoryMiBPerDevice, int deviceCount, String region, Vendor vendor,
                            WorkloadClass workloadClass) {
        this(memoryMiBPerDevice, deviceCount, region, vendor, workloadClass, null, null, null, Sharing.WHOLE);
    }

    /** Whether a node with {@code host} left has the host memory this request names (a node reporting none has). */
    public boolean hostMemoryFits(NodeCapacity.Host host) {
        return hostMemoryMiB == null || host == null || host.memoryMiB() >= hostMemoryMiB;
    }

    /** Whether a slice (not only a whole device) may serve this request. */
    public boolean acceptsSlices() {
        return deviceCount == 1 && sharing != Sharing.WHOLE;
    }

    /** Whether a device of this vendor and model meets the vendor, model and framework constraints. */
    public boolean accepts(Vendor deviceVendor, String deviceModel) {
        return (vendor == null || vendor == deviceVendor) && (model == null || model.equalsIgnoreCase(deviceModel))
                && (framework == null || Capabilities.of(deviceVendor, deviceModel).supports(framework));
    }
}
