package io.computenet.placement;

import java.util.Map;

/**
 * Which {@link ClusterPolicy} ranks the candidates of each cluster ({@link NodeCapacity#cluster()}): a configured
 * default and per-cluster overrides.
 */
@FunctionalInterface
public interface PolicyChoice {

    /** Every cluster binpacks: {@link CapacityIndex#plan(PlacementRequest)}. */
    PolicyChoice BINPACK = cluster -> ClusterPolicy.BINPACK;

    /** The policy of {@code cluster} (never null). */
    ClusterPolicy forCluster(String cluster);

    /** {@code defaultPolicy} everywhere except the clusters named in {@code perCluster}. */
    static PolicyChoice of(ClusterPolicy defaultPolicy, Map<String, ClusterPolicy> perCluster) {
        Map<String, ClusterPolicy> copy = Map.copyOf(perCluster);
        return cluster -> cluster == null ? defaultPolicy : copy.getOrDefault(cluster, defaultPolicy);
    }

    /** One policy for every cluster. */
    static PolicyChoice everywhere(ClusterPolicy policy) {
        return policy == ClusterPolicy.BINPACK ? BINPACK : cluster -> policy;
    }
}
