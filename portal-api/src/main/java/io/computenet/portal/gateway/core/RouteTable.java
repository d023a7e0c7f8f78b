package io.computenet.portal.gateway.core;

import io.computenet.contracts.api.endpoint.EndpointRoutes;
import io.computenet.contracts.api.endpoint.EndpointRoutes.EndpointRoute;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's routing table: the scheduler's latest {@link EndpointRoutes}, less what the portal itself has
 * revoked or deleted since. A revoked key or deleted endpoint is taken out at once and remembered for
 * {@link #REMEMBER} (a "tombstone"), so a table the scheduler generated before the change and that arrives after it
 * cannot bring the key back. Immutable: each change returns a new table.
 */
public final class RouteTable {

    /** How long a revocation or deletion is applied to tables that arrive later: far longer than one poll. */
    static final Duration REMEMBER = Duration.ofMinutes(1);

    public static final RouteTable EMPTY = new RouteTable(Map.of(), Map.of(), Map.of());

    private final Map<String, EndpointRoute> byId;
    private final Map<String, Instant> revokedKeys;
    private final Map<String, Instant> deletedEndpoints;

    private RouteTable(Map<String, EndpointRoute> byId, Map<String, Instant> revokedKeys,
                       Map<String, Instant> deletedEndpoints) {
        this.byId = byId;
        this.revokedKeys = revokedKeys;
        this.deletedEndpoints = deletedEndpoints;
    }

    public Optional<EndpointRoute> route(String endpointId) {
        return Optional.ofNullable(byId.get(endpointId));
    }

    public java.util.Set<String> endpointIds() {
        return byId.keySet();
    }

    /** The table for the scheduler's {@code routes}, received at {@code now}. */
    public RouteTable apply(EndpointRoutes routes, Instant now) {
        Map<String, Instant> keys = live(revokedKeys, now);
        Map<String, Instant> deleted = live(deletedEndpoints, now);
        Map<String, EndpointRoute> next = new HashMap<>();
        for (EndpointRoute route : routes.endpoints()) {
            if (deleted.containsKey(route.endpointId())) {
                continue;
            }
            next.put(route.endpointId(), withoutRevoked(route, keys.keySet()));
        }
        return new RouteTable(Map.copyOf(next), keys, deleted);
    }

    /** This table without the key {@code keyId} of the endpoint {@code name} of {@code tenantId}, from {@code now} on. */
    public RouteTable revokeKey(String tenantId, String name, String keyId, Instant now) {
        Map<String, Instant> keys = new HashMap<>(live(revokedKeys, now));
        keys.put(tombstone(tenantId, name, keyId), now);
        Map<String, EndpointRoute> next = new HashMap<>();
        byId.forEach((id, route) -> next.put(id, withoutRevoked(route, keys.keySet())));
        return new RouteTable(Map.copyOf(next), Map.copyOf(keys), deletedEndpoints);
    }

    /** The route less its keys revoked here (a tombstone names the endpoint, so no other endpoint loses a key). */
    private static EndpointRoute withoutRevoked(EndpointRoute route, java.util.Set<String> tombstones) {
        EndpointRoute kept = route;
        for (var key : route.keys()) {
            if (tombstones.contains(tombstone(route.tenantId(), route.name(), key.keyId()))) {
                kept = kept.withoutKey(key.keyId());
            }
        }
        return kept;
    }

    private static String tombstone(String tenantId, String name, String keyId) {
        return tenantId + "/" + name + "/" + keyId;
    }

    /** This table without the endpoint {@code name} of {@code tenantId}, from {@code now} on. */
    public RouteTable deleteEndpoint(String tenantId, String name, Instant now) {
        Map<String, EndpointRoute> next = new HashMap<>(byId);
        Map<String, Instant> deleted = new HashMap<>(live(deletedEndpoints, now));
        byId.values().stream()
                .filter(r -> tenantId.equals(r.tenantId()) && name.equals(r.name()))
                .forEach(r -> {
                    next.remove(r.endpointId());
                    deleted.put(r.endpointId(), now);
                });
        return new RouteTable(Map.copyOf(next), revokedKeys, Map.copyOf(deleted));
    }

    private static Map<String, Instant> live(Map<String, Instant> tombstones, Instant now) {
        Map<String, Instant> kept = new HashMap<>();
        tombstones.forEach((id, at) -> {
            if (at.plus(REMEMBER).isAfter(now)) {
                kept.put(id, at);
            }
        });
        return Map.copyOf(kept);
    }
}
