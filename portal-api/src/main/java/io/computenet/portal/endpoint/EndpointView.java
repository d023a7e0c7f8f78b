package io.computenet.portal.endpoint;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An endpoint as the scheduler reports it, plus the {@code baseUrl} clients call, which the portal sets (the
 * scheduler leaves it out).
 */
public record EndpointView(
        @Schema(example = "ep-3k9x0a7b2c1d") String id,
        String name,
        String tenantId,
        String model,
        String revision,
        String framework,
        BigDecimal memoryGiB,
        int minReplicas,
        int maxReplicas,
        int desiredReplicas,
        String region,
        BigDecimal maxPricePerHour,
        int rateLimitPerMinute,
        int targetConcurrency,
        int idleMinutes,
        @Schema(enumeration = {"DEPLOYING", "READY", "SCALED_TO_ZERO", "FAILED", "DELETED"}) String state,
        List<String> reasons,
        List<ReplicaView> replicas,
        @Schema(description = "of the cheapest ready or placed replica; null when none") BigDecimal pricePerReplicaHour,
        String currency,
        long requests,
        long promptTokens,
        long completionTokens,
        Instant createdAt,
        @Schema(description = "the OpenAI-compatible base URL: <portal>/inference/<id>/v1") String baseUrl) {

    /** A replica of the endpoint: a lease of the tenant, its device and the URL of its server. */
    public record ReplicaView(String leaseId, String state, boolean ready, String region, String nodeId, String vendor,
                              String deviceModel, String sliceProfile, String url, BigDecimal pricePerHour,
                              String currency) {
    }

    /** This view with the base URL under {@code publicUrl}, the portal's public root. */
    public EndpointView at(String publicUrl) {
        return new EndpointView(id, name, tenantId, model, revision, framework, memoryGiB, minReplicas, maxReplicas,
                desiredReplicas, region, maxPricePerHour, rateLimitPerMinute, targetConcurrency, idleMinutes, state,
                reasons, replicas, pricePerReplicaHour, currency, requests, promptTokens, completionTokens, createdAt,
                baseUrl(publicUrl, id));
    }

    /** {@code <publicUrl>/inference/<endpointId>/v1}, the base URL an OpenAI client is given. */
    public static String baseUrl(String publicUrl, String endpointId) {
        String root = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return root + "/inference/" + endpointId + "/v1";
    }
}
