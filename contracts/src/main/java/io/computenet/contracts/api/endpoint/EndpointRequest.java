package io.computenet.contracts.api.endpoint;

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
 * An inference endpoint to create ({@code POST /api/v1/endpoints}; the portal forwards it to the scheduler's
 * {@code POST /internal/v1/endpoints}): a model served by {@code minReplicas} to {@code maxReplicas} replicas of
 * {@code memoryGiB} each, scaled on concurrent requests. {@code model} is a model id
 * ({@code Qwen/Qwen2.5-7B-Instruct}) or a path in the operator's model store ({@code store://<path>});
 * {@code maxPricePerHour} (CNY) is per replica-hour. Left-out fields take their defaults ({@link #revisionOrDefault()}
 * and the like); the scheduler checks the rules between fields.
 * <p>
 * {@code tenantId} is never the caller's to give: the portal sets it from the caller's token ({@link #forTenant},
 * whatever the body held); the scheduler requires it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointRequest(
        @Schema(readOnly = true, description = "set by the portal from the caller's token; ignored in the request")
        @Size(max = 128) String tenantId,
        @Schema(description = "DNS label, unique among the tenant's live endpoints", example = "qwen-chat")
        @NotNull @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?",
                message = "must be a DNS label: 1-40 characters of a-z, 0-9 and '-', not starting or ending with '-'")
        String name,
        @Schema(description = "a model id or store://<path>", example = "Qwen/Qwen2.5-7B-Instruct")
        @NotNull @Size(min = 1, max = 200)
        @Pattern(regexp = "(store://)?[A-Za-z0-9][A-Za-z0-9._/+-]*",
                message = "must be a model id like Qwen/Qwen2.5-7B-Instruct or store://<path>")
        String model,
        @Schema(description = "model revision (branch, tag or commit), default main")
        @Size(min = 1, max = 128) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/+-]*",
                message = "must be a branch, tag or commit") String revision,
        @Schema(description = "serving framework, default vLLM (see docs/capabilities.md)") @Size(max = 64)
        String framework,
        @Schema(description = "accelerator memory per replica, GiB", example = "24")
        @NotNull @DecimalMin("0.25") @DecimalMax("1024") BigDecimal memoryGiB,
        @Schema(description = "0 to 16, default 1; 0 lets the endpoint scale to zero") @Min(0) @Max(16)
        Integer minReplicas,
        @Schema(description = "1 to 16, at least minReplicas; default max(1, minReplicas)") @Min(1) @Max(16)
        Integer maxReplicas,
        @Schema(description = "a region id; any region when left out", example = "cn-east-yrd")
        @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+", message = "must be a region id like cn-east-yrd") String region,
        @Schema(description = "CNY per replica-hour") @DecimalMin("0.01") @DecimalMax("100000")
        BigDecimal maxPricePerHour,
        @Schema(description = "requests per minute the gateway admits, default 600") @Min(1) @Max(1_000_000)
        Integer rateLimitPerMinute,
        @Schema(description = "requests in flight per replica before scaling out, default 4") @Min(1) @Max(1024)
        Integer targetConcurrency,
        @Schema(description = "minutes without requests before scaling to zero (minReplicas 0), default 10")
        @Min(1) @Max(10_080) Integer idleMinutes) {

    public static final String DEFAULT_REVISION = "main";
    public static final String DEFAULT_FRAMEWORK = "vLLM";
    public static final int DEFAULT_MIN_REPLICAS = 1;
    public static final int DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
    public static final int DEFAULT_TARGET_CONCURRENCY = 4;
    public static final int DEFAULT_IDLE_MINUTES = 10;

    /** This request on behalf of {@code tenant} (whatever the caller put in {@code tenantId}). */
    public EndpointRequest forTenant(String tenant) {
        return new EndpointRequest(tenant, name, model, revision, framework, memoryGiB, minReplicas, maxReplicas,
                region, maxPricePerHour, rateLimitPerMinute, targetConcurrency, idleMinutes);
    }

    public String revisionOrDefault() {
        return revision == null ? DEFAULT_REVISION : revision;
    }

    public String frameworkOrDefault() {
        return framework == null || framework.isBlank() ? DEFAULT_FRAMEWORK : framework;
    }

    public int minReplicasOrDefault() {
        return minReplicas == null ? DEFAULT_MIN_REPLICAS : minReplicas;
    }

    /** The maximum given, or the larger of 1 and the minimum. */
    public int maxReplicasOrDefault() {
        return maxReplicas == null ? Math.max(1, minReplicasOrDefault()) : maxReplicas;
    }

    public int rateLimitOrDefault() {
        return rateLimitPerMinute == null ? DEFAULT_RATE_LIMIT_PER_MINUTE : rateLimitPerMinute;
    }

    public int targetConcurrencyOrDefault() {
        return targetConcurrency == null ? DEFAULT_TARGET_CONCURRENCY : targetConcurrency;
    }

    public int idleMinutesOrDefault() {
        return idleMinutes == null ? DEFAULT_IDLE_MINUTES : idleMinutes;
    }
}
