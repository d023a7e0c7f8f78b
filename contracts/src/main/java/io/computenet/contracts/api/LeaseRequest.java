package io.computenet.contracts.api;

import io.computenet.contracts.inventory.Vendor;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a researcher asks for, vendor-neutral ({@code POST /api/v1/leases}; the portal forwards it to the scheduler's
 * {@code POST /internal/v1/leases}): accelerator memory per device, device count, and optionally a region, a vendor
 * and the kind of workload. A request that does not fit now waits in the queue up to {@code maxWaitMinutes}
 * (default 60, 0 = refuse at once); {@code priority} (default 100) is for administrators only. An
 * {@code interruptible} lease may be preempted by an on-demand lease of the same or higher priority when nothing else
 * fits. A single-device lease may get a slice of a device: {@code sharing}, {@code computePct} (compute share in
 * percent), {@code model} and {@code sliceProfile} (a MIG profile or vNPU template name) narrow what it accepts; it is
 * billed for its share of the device. {@code framework} (e.g. {@code vLLM}, {@code TensorRT-LLM}, {@code CANN}) keeps
 * to devices that run it; {@code maxPricePerHour} (CNY for the whole lease, a slice at its share of the device price)
 * keeps to what costs no more. {@code startAt} books the lease in advance (1 minute to 30 days ahead; whole devices
 * reserved from then for its duration; state BOOKED until it starts). {@code nodes} (default 1) above 1 asks for a gang
 * lease for distributed training: {@code devicesPerNode} whole devices of one model on each of that many nodes of one
 * cluster, all held or none ({@code deviceCount}, when given, is then the total); the scheduler checks the rules
 * between these fields and names the field it refuses. {@code quoteId} books a quote of the caller's tenant
 * ({@code POST /api/v1/quotes}): placed inside its option at its held price, the fields left out taken from the quote
 * ({@code memoryGiB} and {@code durationMinutes} are required without one). {@code cpuCount} (1..1024, optional) is
 * the host CPUs (logical) the lease needs on each of its nodes; without it the scheduler counts 8 per device, a slice
 * in proportion to its share. The placement weighs it (the CPU-aware packing keeps CPU for the accelerators left);
 * it does not reserve or limit CPUs. {@code hostMemoryGiB} (0.25..16384, optional) is the host memory (RAM, not
 * accelerator memory) the lease needs on each of its nodes: under the FGD placement policies (the default among them)
 * a node whose agent reports less host memory left than that, after the host memory of the leases already on it, is
 * not a candidate; binpack and spread ignore it, and so does a gang's placement (yet). It is not reserved or limited
 * on the node either.
 * <p>
 * {@code tenantId} is never the caller's to give: the portal refuses a body that carries it and sets it from the
 * caller's token ({@link #forTenant}); the scheduler requires it.
 */
public record LeaseRequest(
        @Size(max = 128) String tenantId,
        @DecimalMin(FieldRules.MIN_GIB) @DecimalMax(FieldRules.MAX_GIB) BigDecimal memoryGiB,
        @Min(1) @Max(1024) Integer deviceCount,
        @Size(max = 64) @Pattern(regexp = FieldRules.REGION, message = FieldRules.REGION_MESSAGE) String region,
        Vendor vendor,
        WorkloadClass workloadClass,
        @Min(1) @Max(FieldRules.MAX_MINUTES) Integer durationMinutes,
        @Size(max = 512) @OciImageReference String image,
        @Size(max = 64) List<@Size(max = 4096) String> command,
        @Min(0) @Max(1000) Integer priority,
        @Min(0) @Max(10_080) Integer maxWaitMinutes,
        Boolean interruptible,
        @Min(1) @Max(100) Integer computePct,
        @Size(max = 128) String model,
        @Size(max = 64) @Pattern(regexp = FieldRules.SLICE_PROFILE, message = FieldRules.SLICE_PROFILE_MESSAGE)
        String sliceProfile,
        Sharing sharing,
        @Size(max = 64) String framework,
        @DecimalMin(FieldRules.MIN_PRICE) @DecimalMax(FieldRules.MAX_PRICE) BigDecimal maxPricePerHour,
        Instant startAt,
        @Min(1) @Max(64) Integer nodes,
        @Min(1) @Max(16) Integer devicesPerNode,
        @Size(max = 32) @Pattern(regexp = "[a-z0-9-]+", message = "must be a quote id like qt-...") String quoteId,
        @Min(1) @Max(1024) Integer cpuCount,
        @DecimalMin(FieldRules.MIN_GIB) @DecimalMax(FieldRules.MAX_HOST_GIB) BigDecimal hostMemoryGiB) {

    /** This request on behalf of the tenant (the portal sets it from the caller's token). */
    public LeaseRequest forTenant(String tenant) {
        return new LeaseRequest(tenant, memoryGiB, deviceCount, region, vendor, workloadClass, durationMinutes, image,
                command, priority, maxWaitMinutes, interruptible, computePct, model, sliceProfile, sharing, framework,
                maxPricePerHour, startAt, nodes, devicesPerNode, quoteId, cpuCount, hostMemoryGiB);
    }
}
