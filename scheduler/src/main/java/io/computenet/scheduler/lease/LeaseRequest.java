package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.Sharing;
import io.computenet.placement.WorkloadClass;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/**
 * A vendor-neutral lease request as the portal forwards it (internal API, version 1). A request that does not fit now
 * but would fit the enrolled fleet waits in the queue up to {@code maxWaitMinutes} (default 60; 0 refuses at once).
 * A single-device request may be served by a slice: {@code sharing} (whole, isolated, shared; default shared),
 * {@code computePct}, {@code model} and {@code sliceProfile} narrow what it accepts. {@code framework} (e.g.
 * {@code vLLM}, {@code TensorRT-LLM}, {@code CANN}) limits the devices to those the capability table says run it.
 * {@code maxPricePerHour} (CNY, all devices, a slice at its share of the device price) keeps to what costs no more.
 * {@code startAt} books the lease in advance (1 minute to 30 days ahead): whole devices are reserved until then.
 */
public record LeaseRequest(
        @NotBlank @Size(max = 128) String tenantId,
        @NotNull @DecimalMin(value = "0.25") @DecimalMax(value = "1024") BigDecimal memoryGiB,
        @NotNull @Min(1) @Max(16) Integer deviceCount,
        @Size(max = 64) String region,
        Vendor vendor,
        WorkloadClass workloadClass,
        @NotNull @Min(1) @Max(43_200) Integer durationMinutes,
        @Size(max = 512) @io.computenet.problem.input.OciImageReference String image,
        @Size(max = 64) List<@Size(max = 4096) String> command,
        @Min(0) @Max(1000) Integer priority,
        @Min(0) @Max(10_080) Integer maxWaitMinutes,
        Boolean interruptible,
        @Min(1) @Max(100) Integer computePct,
        @Size(max = 128) String model,
        @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_.+-]+", message = "must be a MIG profile or vNPU template name")
        String sliceProfile,
        Sharing sharing,
        @Size(max = 64) String framework,
        @DecimalMin(value = "0.01") @DecimalMax(value = "100000") BigDecimal maxPricePerHour,
        java.time.Instant startAt) {

    /** Higher priorities are placed first from the queue. */
    public static final int DEFAULT_PRIORITY = 100;
    /** How long a lease that does not fit now waits in the queue by default; 0 means do not queue. */
    public static final int DEFAULT_MAX_WAIT_MINUTES = 60;

    /** Memory per device in MiB, rounded up. */
    public long memoryMiB() {
        return memoryGiB.multiply(BigDecimal.valueOf(1024)).setScale(0, java.math.RoundingMode.CEILING).longValue();
    }

    /** The workload class, {@code inference} when not given. */
    public WorkloadClass workload() {
        return workloadClass == null ? WorkloadClass.INFERENCE : workloadClass;
    }

    /**
     * The planner's request. A single-device lease shares by default ({@link Sharing#SHARED}); a named slice
     * profile on a multi-device lease is refused with a 400.
     */
    public PlacementRequest placementRequest(long memoryMiB, WorkloadClass workload) {
        if (sliceProfile != null && !sliceProfile.isBlank() && (deviceCount > 1 || sharing == Sharing.WHOLE)) {
            throw new io.computenet.problem.ProblemException(400, "invalid-request", "Invalid request",
                    "sliceProfile is for a single-device lease that accepts slices (MIG instances and vNPUs take no"
                            + " part in multi-device collectives)", List.of());
        }
        return new PlacementRequest(memoryMiB, deviceCount, region, vendor, workload, computePct, model,
                sliceProfile, sharing == null ? Sharing.SHARED : sharing, parseFramework(framework));
    }

    /** The framework named by the caller, or null; an unknown name is a 400 that lists the known ones. */
    public static io.computenet.placement.capability.Framework parseFramework(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return io.computenet.placement.capability.Framework.parse(name);
        } catch (IllegalArgumentException e) {
            throw new io.computenet.problem.ProblemException(400, "invalid-request", "Invalid request",
                    "framework: " + e.getMessage(), List.of());
        }
    }
}
