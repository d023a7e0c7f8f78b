package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
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
 */
public record LeaseRequest(
        @NotBlank @Size(max = 128) String tenantId,
        @NotNull @DecimalMin(value = "0.25") @DecimalMax(value = "1024") BigDecimal memoryGiB,
        @NotNull @Min(1) @Max(16) Integer deviceCount,
        @Size(max = 64) String region,
        Vendor vendor,
        WorkloadClass workloadClass,
        @NotNull @Min(1) @Max(43_200) Integer durationMinutes,
        @Size(max = 512) @Pattern(regexp = "[^\\s]+", message = "must not contain whitespace") String image,
        @Size(max = 64) List<@Size(max = 4096) String> command,
        @Min(0) @Max(1000) Integer priority,
        @Min(0) @Max(10_080) Integer maxWaitMinutes,
        Boolean interruptible) {

    /** Higher priorities are placed first from the queue. */
    public static final int DEFAULT_PRIORITY = 100;
    /** How long a lease that does not fit now waits in the queue by default; 0 means do not queue. */
    public static final int DEFAULT_MAX_WAIT_MINUTES = 60;
}
