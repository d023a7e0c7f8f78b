package io.computenet.scheduler.kubernetes;

import io.computenet.scheduler.SchedulerConfig;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The Node names of each region's cluster, listed every {@code computenet.scheduler.kubernetes.node-refresh}, and
 * whether the scheduler can reach each cluster with its credentials. A lease Pod is created only on a node whose
 * enrolled Kubernetes node name is one of its region's Nodes ({@link #notANode}); a region whose API server refuses
 * the scheduler's credentials makes the readiness check {@code kubernetes-clusters} go down, naming the region
 * ({@link ClusterReadiness}). Metric per region: {@code computenet_scheduler_cluster_nodes} (-1 while unknown).
 */
@ApplicationScoped
public class ClusterNodes {

    private static final Logger LOG = Logger.getLogger(ClusterNodes.class);

    /** What the last listing of a region found: its Node names, or why there are none. */
    public record Listing(Set<String> names, String problem, boolean refused, Instant at) {
        static Listing ok(Set<String> names, Instant at) {
            return new Listing(Set.copyOf(names), null, false, at);
        }

        static Listing failed(String problem, boolean refused, Instant at) {
            return new Listing(null, problem, refused, at);
        }

        public boolean known() {
            return names != null;
        }
    }

    @Inject
    SchedulerConfig config;
    @Inject
    RegionalClients clients;
    @Inject
    MeterRegistry metrics;
    @Inject
    Clock clock;

    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    void start(@Observes StartupEvent event) {
        config.regions().keySet().forEach(region -> Gauge.builder("computenet.scheduler.cluster.nodes", this,
                        c -> Optional.ofNullable(c.listings.get(region)).filter(Listing::known)
                                .map(l -> (double) l.names().size()).orElse(-1.0))
                .description("Nodes in the region's cluster as last listed; -1 while they cannot be listed")
                .tag("region", region).register(metrics));
    }

    @Scheduled(identity = "cluster-nodes", every = "${computenet.scheduler.kubernetes.node-refresh:30s}",
            delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshAll() {
        config.regions().keySet().forEach(this::refresh);
    }

    /** Lists the region's Nodes now. */
    public Listing refresh(String region) {
        Listing listing;
        try {
            Set<String> names = clients.forRegion(region).nodes().list().getItems().stream()
                    .map(Node::getMetadata).map(m -> m.getName()).collect(Collectors.toSet());
            listing = Listing.ok(names, clock.instant());
        } catch (KubernetesClientException e) {
            listing = Listing.failed(RegionalClients.describe(region, e), e.getCode() == 401 || e.getCode() == 403,
                    clock.instant());
        } catch (RuntimeException e) {
            listing = Listing.failed("region " + region + ": " + e.getMessage(), true, clock.instant());
        }
        Listing before = listings.put(region, listing);
        if (!listing.known() && (before == null || !listing.problem().equals(before.problem()))) {
            LOG.errorf("cannot list the Nodes of %s", listing.problem());
        } else if (listing.known() && (before == null || !before.known())) {
            LOG.infof("region %s: %d Node(s) in its cluster", region, listing.names().size());
        }
        return listing;
    }

    /** The last listing of each region that has been listed. */
    public Map<String, Listing> listings() {
        return Map.copyOf(listings);
    }

    /**
     * Why a lease Pod may not be created on {@code nodeName} in {@code region}: it is not one of the region's Nodes
     * (listed again first, so a Node that joined since the last listing counts). Empty when it is one, or while the
     * region's Nodes cannot be listed (the Pod's creation then reports what is wrong).
     */
    public Optional<String> notANode(String region, String nodeId, String nodeName) {
        Listing listing = listings.get(region);
        if (listing != null && listing.known() && listing.names().contains(nodeName)) {
            return Optional.empty();
        }
        listing = refresh(region);
        if (!listing.known() || listing.names().contains(nodeName)) {
            return Optional.empty();
        }
        return Optional.of("node " + nodeId + " was enrolled as Kubernetes node '" + nodeName + "', which is not a "
                + "Node of region " + region + "'s cluster");
    }
}
