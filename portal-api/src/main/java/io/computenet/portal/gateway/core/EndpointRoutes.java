package io.computenet.portal.gateway.core;

import java.time.Instant;
import java.util.List;

/**
 * The scheduler's routing table for the gateway ({@code GET /internal/v1/endpoint-routes}): every live endpoint with
 * its active API keys (SHA-256 hashes only) and its replicas.
 */
public record EndpointRoutes(Instant generatedAt, List<EndpointRoute> endpoints) {

    public EndpointRoutes {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** One endpoint as the gateway routes to it. */
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

    /** An active API key: its id and the lower-case hex SHA-256 of the key's UTF-8 bytes. */
    public record RouteKey(String keyId, String sha256) {
    }

    /** A replica (a lease of the tenant) and the root URL of its OpenAI-compatible server. */
    public record RouteReplica(String leaseId, String region, String url, boolean ready) {
    }
}
