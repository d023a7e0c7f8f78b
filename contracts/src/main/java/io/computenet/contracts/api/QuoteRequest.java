package io.computenet.contracts.api;

import io.computenet.contracts.inventory.Vendor;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;

/**
 * What a researcher would ask for, to be priced before booking ({@code POST /api/v1/quotes}, forwarded to the
 * scheduler's {@code POST /internal/v1/quotes}): the fields of a {@link LeaseRequest} that decide where it runs, with
 * the same rules, plus an optional ceiling on the price per hour (all devices). On one node at most 16 devices;
 * {@code nodes} above 1 with {@code devicesPerNode} prices a gang (whole devices of one model on each node of one
 * cluster: every option is the whole gang, N x M devices; {@code deviceCount}, when given, is the total).
 * {@code hostMemoryGiB} (optional) is the host memory each node must have left, as for a lease: an option with no
 * such node under the FGD placement policies is not offered.
 * {@code tenantId} is set by the portal from the caller's token, as for a lease.
 */
public record QuoteRequest(
        @Size(max = 128) String tenantId,
        @NotNull @DecimalMin(FieldRules.MIN_GIB) @DecimalMax(FieldRules.MAX_GIB) BigDecimal memoryGiB,
        @Min(1) @Max(1024) Integer deviceCount,
        @Size(max = 64) @Pattern(regexp = FieldRules.REGION, message = FieldRules.REGION_MESSAGE) String region,
        Vendor vendor,
        WorkloadClass workloadClass,
        @NotNull @Min(1) @Max(FieldRules.MAX_MINUTES) Integer durationMinutes,
        @DecimalMin(FieldRules.MIN_PRICE) @DecimalMax(FieldRules.MAX_PRICE) BigDecimal maxPricePerHour,
        @Min(1) @Max(100) Integer computePct,
        @Size(max = 128) String model,
        @Size(max = 64) @Pattern(regexp = FieldRules.SLICE_PROFILE, message = FieldRules.SLICE_PROFILE_MESSAGE)
        String sliceProfile,
        Sharing sharing,
        @Size(max = 64) String framework,
        @Min(1) @Max(64) Integer nodes,
        @Min(1) @Max(16) Integer devicesPerNode,
        @DecimalMin(FieldRules.MIN_GIB) @DecimalMax(FieldRules.MAX_HOST_GIB) BigDecimal hostMemoryGiB) {

    /** A request for one node. */
    public QuoteRequest(String tenantId, BigDecimal memoryGiB, Integer deviceCount, String region, Vendor vendor,
                        WorkloadClass workloadClass, Integer durationMinutes, BigDecimal maxPricePerHour,
                        Integer computePct, String model, String sliceProfile, Sharing sharing, String framework) {
        this(tenantId, memoryGiB, deviceCount, region, vendor, workloadClass, durationMinutes, maxPricePerHour,
                computePct, model, sliceProfile, sharing, framework, null, null, null);
    }

    /** A request that names no host memory. */
    public QuoteRequest(String tenantId, BigDecimal memoryGiB, Integer deviceCount, String region, Vendor vendor,
                        WorkloadClass workloadClass, Integer durationMinutes, BigDecimal maxPricePerHour,
                        Integer computePct, String model, String sliceProfile, Sharing sharing, String framework,
                        Integer nodes, Integer devicesPerNode) {
        this(tenantId, memoryGiB, deviceCount, region, vendor, workloadClass, durationMinutes, maxPricePerHour,
                computePct, model, sliceProfile, sharing, framework, nodes, devicesPerNode, null);
    }

    /** This request on behalf of the tenant (the portal sets it from the caller's token). */
    public QuoteRequest forTenant(String tenant) {
        return new QuoteRequest(tenant, memoryGiB, deviceCount, region, vendor, workloadClass, durationMinutes,
                maxPricePerHour, computePct, model, sliceProfile, sharing, framework, nodes, devicesPerNode,
                hostMemoryGiB);
    }
}
