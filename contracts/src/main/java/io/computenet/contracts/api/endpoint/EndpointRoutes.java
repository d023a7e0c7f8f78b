package io.computenet.contracts.api.endpoint;

import java.time.Instant;
import java.util.List;

/**
 * The gateway's routing table ({@code GET /internal/v1/endpoint-routes}, scheduler to portal): every live endpoint
 * with its active API keys (SHA-256 hashes only) and its live replicas, ready or not (the gateway routes only to
 * ready ones). Declared once, for both sides.
 */
public record EndpointRoutes(Instant generatedAt, List<EndpointRoute> endpoints) {

    public EndpointRoutes {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /**
     * One endpoint as the gateway routes to it; {@code servedModel} is the model name its replicas answer to,
     * {@code state} the endpoint's state ({@code DEPLOYING}, {@code READY}, {@code SCALED_TO_ZERO}, {@code FAILED}).
     */
    public record EndpointRoute(String endpointId, String tenantId, String name, String servedModel, String state,
                                int rateLimitPerMinute, List<RouteKey> keys, List<RouteReplica> replicas) {

        public EndpointRoute {
            keys = keys == null ? List.of() : List.copyOf(keys);
            replicas = replicas == null ? List.of() : List.copyOf(replicas);
        }

        /** This route without the key {@code keyId}. */
        public EndpointRoute withoutKey(String keyId) {
            return new EndpointRoute(endpointId, tenantId, name, servedModel, state, rateLimitPerMinute,
                    keys.stream().filter(k -> !k.keyId().equals(keyId)).toList(), replicas);
        }
    }

    /** An active API key: its id and the lower-case hex SHA-256 of the key's UTF-8 bytes ({@link ApiKeyHash}). */
    public record RouteKey(String keyId, String sha256) {
    }

    /** A live replica (a lease of the tenant): where it answers ({@code http://podIP:port}, null until known). */
    public record RouteReplica(String leaseId, String region, String url, boolean ready) {
    }
}
