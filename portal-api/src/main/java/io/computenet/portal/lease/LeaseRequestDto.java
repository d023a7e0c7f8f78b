package io.computenet.portal.lease;

import io.computenet.contracts.inventory.Vendor;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a researcher asks for, vendor-neutral: accelerator memory per device, device count, and optionally a region,
 * a vendor and the kind of workload (inference prefers east hubs, training and batch cheaper west hubs). A request
 * that does not fit now waits in the queue up to {@code maxWaitMinutes} (default 60, 0 = refuse at once);
 * {@code priority} (default 100) is for administrators only. An {@code interruptible} lease may be preempted by an
 * on-demand lease of the same or higher priority when nothing else fits.
 */
public record LeaseRequestDto(
        @NotNull @DecimalMin("0.25") @DecimalMax("1024") BigDecimal memoryGiB,
        @NotNull @Min(1) @Max(16) Integer deviceCount,
        @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+", message = "must be a region id like cn-east-yrd") String region,
        Vendor vendor,
        WorkloadClass workloadClass,
        @NotNull @Min(1) @Max(43_200) Integer durationMinutes,
        @Size(max = 512) @Pattern(regexp = "[^\\s]+", message = "must not contain whitespace") String image,
        @Size(max = 64) List<@Size(max = 4096) String> command,
        @Min(0) @Max(10_080) Integer maxWaitMinutes,
        @Min(0) @Max(1000) Integer priority,
        Boolean interruptible) {

    /** Inference prefers east hubs for latency; training and batch prefer cheaper west hubs. */
    public enum WorkloadClass { INFERENCE, TRAINING, BATCH }
}
