package io.computenet.scheduler.endpoint;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.scheduler.decision.EndpointStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An inference endpoint as the internal API returns it: its settings, its state with the reasons
 * ({@link EndpointStatus}), its live replicas, the price per replica-hour of the cheapest placed replica (null when
 * none is placed or priced) and what it has served.
 */
public record EndpointView(String id, String name, String tenantId, String model, String revision, String framework,
                           BigDecimal memoryGiB, int minReplicas, int maxReplicas, int desiredReplicas, String region,
                           BigDecimal maxPricePerHour, int rateLimitPerMinute, int targetConcurrency, int idleMinutes,
                           EndpointStatus.State state, List<String> reasons, List<ReplicaView> replicas,
                           BigDecimal pricePerReplicaHour, String currency, long requests, long promptTokens,
                           long completionTokens, Instant createdAt) {

    /**
     * One replica: its lease's state, whether it serves and where, and the device it runs on.
     *
     * @param pricePerHour what the replica's lease costs an hour at the price it was placed at (null before)
     */
    public record ReplicaView(String leaseId, LeaseState state, boolean ready, String region, String nodeId,
                              Vendor vendor, String deviceModel, String sliceProfile, String url,
                              BigDecimal pricePerHour, String currency) {
    }
}
