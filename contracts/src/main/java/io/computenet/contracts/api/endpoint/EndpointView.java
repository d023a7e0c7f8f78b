package io.computenet.contracts.api.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseState;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An inference endpoint as the scheduler reports it and the portal answers it: its settings, its state with the
 * reasons, its live replicas, the price per replica-hour of the cheapest placed replica (null when none is placed or
 * priced) and what it has served (requests and prompt/completion tokens since it was created). {@code baseUrl} is the
 * portal's: the scheduler leaves it out, the portal sets it ({@link #at}).
 */
public record EndpointView(String id, String name, String tenantId, String model, String revision, String framework,
                           BigDecimal memoryGiB, int minReplicas, int maxReplicas, int desiredReplicas, String region,
                           BigDecimal maxPricePerHour, int rateLimitPerMinute, int targetConcurrency, int idleMinutes,
                           EndpointState state, List<String> reasons, List<ReplicaView> replicas,
                           BigDecimal pricePerReplicaHour, String currency, long requests, long promptTokens,
                           long completionTokens, Instant createdAt,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String baseUrl) {

    /**
     * One replica: its lease's state, whether it serves and where, the device it runs on and the URL of its server.
     *
     * @param pricePerHour what the replica's lease costs an hour at the price it was placed at (null before)
     */
    public record ReplicaView(String leaseId, LeaseState state, boolean ready, String region, String nodeId,
                              Vendor vendor, String deviceModel, String sliceProfile, String url,
                              BigDecimal pricePerHour, String currency) {
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
