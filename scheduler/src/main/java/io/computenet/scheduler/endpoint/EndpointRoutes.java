package io.computenet.scheduler.endpoint;

import io.computenet.scheduler.decision.EndpointStatus;

import java.time.Instant;
import java.util.List;

/**
 * The gateway's routing table: every live endpoint with its active keys (hashes only) and its live replicas, ready or
 * not (the gateway routes only to ready ones).
 */
public record EndpointRoutes(Instant generatedAt, List<EndpointRoute> endpoints) {

    /** One endpoint; {@code servedModel} is the model name its replicas answer to. */
    public record EndpointRoute(String endpointId, String tenantId, String name, String servedModel,
                                EndpointStatus.State state, int rateLimitPerMinute, List<KeyRoute> keys,
                                List<ReplicaRoute> replicas) {
    }

    /** An active key: its id and the lower-case hex SHA-256 of the key's UTF-8 bytes. */
    public record KeyRoute(String keyId, String sha256) {
    }

    /** A live replica: where it answers ({@code http://podIP:port}, null until known) and whether it is ready. */
    public record ReplicaRoute(String leaseId, String region, String url, boolean ready) {
    }
}
