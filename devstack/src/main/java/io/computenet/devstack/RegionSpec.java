package io.computenet.devstack;

import java.util.List;

/**
 * A region of the demo network and the port of its Kubernetes API stand-in.
 *
 * @param id             region id used everywhere (config, events, exports)
 * @param displayName    human name of the hub
 * @param tier           {@code east} (latency-sensitive work) or {@code west} (batch, cheaper)
 * @param cluster        the region's Kubernetes cluster name
 * @param kubernetesPort port of the cluster's API stand-in
 */
public record RegionSpec(String id, String displayName, String tier, String cluster, int kubernetesPort) {

    /** The three demo hubs: one east, two west (东数西算). */
    public static List<RegionSpec> demo(int firstPort) {
        return List.of(
                new RegionSpec("cn-east-yrd", "Yangtze River Delta", "east", "wuhu-1", firstPort),
                new RegionSpec("cn-west-nm", "Inner Mongolia", "west", "horinger-1", firstPort + 1),
                new RegionSpec("cn-west-gz", "Guizhou", "west", "guian-1", firstPort + 2));
    }

    public RegionSpec withPort(int port) {
        return new RegionSpec(id, displayName, tier, cluster, port);
    }
}
