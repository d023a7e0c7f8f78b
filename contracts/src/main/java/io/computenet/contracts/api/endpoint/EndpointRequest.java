package io.computenet.contracts.api.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

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
 * whatever the body held); the scheduler requires it. Framework-free like the other API records: the portal's OpenAPI
 * document describes the fields ({@code portal/endpoint/EndpointSchemas}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointRequest(
        @Size(max = 128) String tenantId,
        @NotNull @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?",
                message = "must be a DNS label: 1-40 characters of a-z, 0-9 and '-', not starting or ending with '-'")
        String name,
        @NotNull @Size(min = 1, max = 200)
        @Pattern(regexp = "(store://)?[A-Za-z0-9][A-Za-z0-9._/+-]*",
                message = "must be a model id like Qwen/Qwen2.5-7B-Instruct or store://<path>")
        String model,
        @Size(min = 1, max = 128) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/+-]*",
                message = "must be a branch, tag or commit") String revision,
        @Size(max = 64) String framework,
        @NotNull @DecimalMin("0.25") @DecimalMax("1024") BigDecimal memoryGiB,
        @Min(0) @Max(16) Integer minReplicas,
        @Min(1) @Max(16) Integer maxReplicas,
        @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+", message = "must be a region id like cn-east-yrd") String region,
        @DecimalMin("0.01") @DecimalMax("100000") BigDecimal maxPricePerHour,
        @Min(1) @Max(1_000_000) Integer rateLimitPerMinute,
        @Min(1) @Max(1024) Integer targetConcurrency,
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
