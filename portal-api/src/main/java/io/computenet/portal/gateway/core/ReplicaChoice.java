package io.computenet.portal.gateway.core;

import io.computenet.contracts.api.endpoint.EndpointRoutes.RouteReplica;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which replica gets a request: the ready one with the fewest requests outstanding from this gateway (least
 * outstanding requests), never one that is not ready nor one this request already failed to reach. Ties go round
 * the tied replicas by {@code turn}, so equal replicas share the load instead of the first taking it all.
 */
public final class ReplicaChoice {

    private ReplicaChoice() {
    }

    /**
     * @param outstanding requests outstanding per replica lease id (absent: none)
     * @param excluded    lease ids this request already failed to reach
     * @param turn        any counter that advances per choice
     */
    public static Optional<RouteReplica> choose(List<RouteReplica> replicas, Map<String, Integer> outstanding,
                                                Set<String> excluded, long turn) {
        List<RouteReplica> candidates = replicas.stream()
                .filter(RouteReplica::ready)
                .filter(r -> r.url() != null && !excluded.contains(r.leaseId()))
                .sorted(Comparator.comparing(RouteReplica::leaseId))
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        int least = candidates.stream().mapToInt(r -> outstanding.getOrDefault(r.leaseId(), 0)).min().orElseThrow();
        List<RouteReplica> tied = candidates.stream()
                .filter(r -> outstanding.getOrDefault(r.leaseId(), 0) == least).toList();
        return Optional.of(tied.get((int) Math.floorMod(turn, (long) tied.size())));
    }
}
