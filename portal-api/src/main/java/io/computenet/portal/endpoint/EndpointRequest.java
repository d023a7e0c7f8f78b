package io.computenet.portal.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

/**
 * An inference endpoint to create: a model served by {@code minReplicas} to {@code maxReplicas} replicas of
 * {@code memoryGiB} each, scaled on concurrent requests. The researcher sends it without {@code tenantId}; the portal
 * sets it from the caller's token and forwards the same record to the scheduler
 * ({@code POST /internal/v1/endpoints}), which applies the defaults and checks the rules between fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointRequest(
        @Schema(readOnly = true, description = "set by the portal from the caller's token; ignored in the request")
        String tenantId,
        @Schema(description = "DNS label, unique among the tenant's live endpoints", example = "qwen-chat")
        @NotNull @Size(min = 1, max = 40)
        @Pattern(regexp = "[a-z0-9]([a-z0-9-]*[a-z0-9])?", message = "must be a DNS label: a-z, 0-9 and '-'")
        String name,
        @Schema(description = "a model id or store://<path>", example = "Qwen/Qwen2.5-7B-Instruct")
        @NotNull @Size(min = 1, max = 200) String model,
        @Schema(description = "model revision, default main") @Size(max = 200) String revision,
        @Schema(description = "serving framework, default vLLM (see docs/capabilities.md)") @Size(max = 64)
        String framework,
        @Schema(description = "accelerator memory per replica, GiB", example = "24")
        @NotNull @DecimalMin("0.25") @DecimalMax("1024") BigDecimal memoryGiB,
        @Schema(description = "0 to 16, default 1; 0 lets the endpoint scale to zero") @Min(0) @Max(16)
        Integer minReplicas,
        @Schema(description = "1 to 16, at least minReplicas; default max(1, minReplicas)") @Min(1) @Max(16)
        Integer maxReplicas,
        @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+", message = "must be a region id like cn-east-yrd") String region,
        @Schema(description = "CNY per replica-hour") @DecimalMin("0.01") @DecimalMax("100000")
        BigDecimal maxPricePerHour,
        @Schema(description = "requests per minute the gateway admits, default 600") @Min(1) @Max(1_000_000)
        Integer rateLimitPerMinute,
        @Schema(description = "requests in flight per replica before scaling out, default 4") @Min(1) @Max(1024)
        Integer targetConcurrency,
        @Schema(description = "minutes without requests before scaling to zero (minReplicas 0), default 10")
        @Min(1) @Max(10_080) Integer idleMinutes) {

    /** This request on behalf of {@code tenant} (whatever the caller put in {@code tenantId}). */
    public EndpointRequest forTenant(String tenant) {
        return new EndpointRequest(tenant, name, model, revision, framework, memoryGiB, minReplicas, maxReplicas,
                region, maxPricePerHour, rateLimitPerMinute, targetConcurrency, idleMinutes);
    }
}
