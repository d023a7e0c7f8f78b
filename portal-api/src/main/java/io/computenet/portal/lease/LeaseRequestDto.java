package io.computenet.portal.lease;

import io.computenet.contracts.inventory.Vendor;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a researcher asks for, vendor-neutral: accelerator memory per device, device count, and optionally a region,
 * a vendor and the kind of workload (inference prefers east hubs, training and batch cheaper west hubs). A request
 * that does not fit now waits in the queue up to {@code maxWaitMinutes} (default 60, 0 = refuse at once);
 * {@code priority} (default 100) is for administrators only. An {@code interruptible} lease may be preempted by an
 * on-demand lease of the same or higher priority when nothing else fits. A single-device lease may get a slice of a
 * device: {@code sharing}, {@code computePct} (compute share in percent), {@code model} and {@code sliceProfile} (a
 * MIG profile or vNPU template name) narrow what it accepts; it is billed for its share of the device.
 * {@code framework} (e.g. {@code vLLM}, {@code TensorRT-LLM}) keeps to devices that run it; {@code maxPricePerHour}
 * (CNY for the whole lease, a slice at its share of the device price) keeps to what costs no more. {@code startAt}
 * books the lease in advance (whole devices reserved from then for its duration; state BOOKED until it starts).
 * {@code nodes} (default 1) above 1 asks for a gang lease for distributed training: {@code devicesPerNode} whole devices
 * of one model on each of that many nodes of one cluster, all held or none ({@code deviceCount}, when given, is then
 * the total); the scheduler checks the rules between these fields and names the field it refuses. {@code quoteId}
 * books a quote of the caller's tenant ({@code POST /api/v1/quotes}): placed inside its option at its held price, the
 * fields left out taken from the quote ({@code memoryGiB} and {@code durationMinutes} are required without one).
 */
public record LeaseRequestDto(
        @DecimalMin("0.25") @DecimalMax("1024") BigDecimal memoryGiB,
        @Min(1) @Max(1024) Integer deviceCount,
        @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+", message = "must be a region id like cn-east-yrd") String region,
        Vendor vendor,
        WorkloadClass workloadClass,
        @Min(1) @Max(43_200) Integer durationMinutes,
        @Size(max = 512) @io.computenet.problem.input.OciImageReference String image,
        @Size(max = 64) List<@Size(max = 4096) String> command,
        @Min(0) @Max(10_080) Integer maxWaitMinutes,
        @Min(0) @Max(1000) Integer priority,
        Boolean interruptible,
        @Min(1) @Max(100) Integer computePct,
        @Size(max = 128) String model,
        @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_.+-]+", message = "must be a MIG profile or vNPU template name")
        String sliceProfile,
        Sharing sharing,
        @Size(max = 64) String framework,
        @DecimalMin("0.01") @DecimalMax("100000") BigDecimal maxPricePerHour,
        java.time.Instant startAt,
        @Min(1) @Max(64) Integer nodes,
        @Min(1) @Max(16) Integer devicesPerNode,
        @Size(max = 32) @Pattern(regexp = "[a-z0-9-]+", message = "must be a quote id like qt-...") String quoteId) {

    /** Inference prefers east hubs for latency; training and batch prefer cheaper west hubs. */
    public enum WorkloadClass { INFERENCE, TRAINING, BATCH }

    /**
     * How much of a device a single-device lease may share: {@code WHOLE} devices only; {@code ISOLATED}: a whole
     * device or a hardware partition (MIG, vNPU, MIM); {@code SHARED} (default): also an sMLU or soft share.
     */
    public enum Sharing { WHOLE, ISOLATED, SHARED }
}
