package io.computenet.scheduler.placement;

import io.computenet.placement.ClusterPolicy;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.policy.TaskShape;
import io.computenet.placement.policy.TypicalTasks;
import io.computenet.scheduler.SchedulerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The placement policy of each cluster ({@code computenet.scheduler.placement-policy}, overridden per cluster by
 * {@code computenet.scheduler.clusters."<cluster>".placement-policy}), as the planner takes it
 * ({@link PolicyChoice}). The names are checked at startup: an unknown one stops the scheduler with the key and the
 * valid names.
 *
 * <p>FGD policies look through a typical-task mix: the shapes ({@link ClusterPolicy#leaseShape}: whole devices by
 * count, slices by billed share, model constraint) of the live leases and the most recently placed ones,
 * {@code computenet.scheduler.placement-mix.leases} in all, read from PostgreSQL at most once per
 * {@code placement-mix.refresh} (under the caller's transaction), at the paper's 95 % coverage. With no lease history
 * yet it is {@link ClusterPolicy#FALLBACK_MIX}. Without any FGD cluster nothing is read.
 */
@ApplicationScoped
public class PlacementPolicies {

    private static final Logger LOG = Logger.getLogger(PlacementPolicies.class);

    @Inject
    SchedulerConfig config;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    RecentLeases recentLeases;

    private volatile Configured configured;
    private volatile PolicyChoice current;
    private volatile Instant countedAt;

    /** The configured policies, parsed: the default and the per-cluster ones. */
    public record Configured(ClusterPolicy defaultPolicy, Map<String, ClusterPolicy> perCluster) {
        public Configured {
            perCluster = Map.copyOf(perCluster);
        }

        boolean usesFgd() {
            return defaultPolicy.mix() != null || perCluster.values().stream().anyMatch(p -> p.mix() != null);
        }

        /** The choice with every FGD policy looking through {@code mix}. */
        PolicyChoice with(TypicalTasks mix) {
            Map<String, ClusterPolicy> clusters = new HashMap<>();
            perCluster.forEach((c, p) -> clusters.put(c, p.withMix(mix)));
            ClusterPolicy fallback = defaultPolicy.withMix(mix);
            // clusters set to what they would get anyway are no exception: binpack everywhere is the indexed path
            return clusters.values().stream().allMatch(fallback::equals) ? PolicyChoice.everywhere(fallback)
                    : PolicyChoice.of(fallback, clusters);
        }
    }

    /**
     * Parses the configured names.
     *
     * @param defaultName the value of {@code computenet.scheduler.placement-policy}
     * @param perCluster  cluster name to the value of its {@code placement-policy}
     * @throws IllegalArgumentException naming the configuration key, the value and the valid names
     */
    public static Configured parse(String defaultName, Map<String, String> perCluster) {
        ClusterPolicy fallback = named("computenet.scheduler.placement-policy", defaultName);
        Map<String, ClusterPolicy> clusters = new TreeMap<>();
        perCluster.forEach((cluster, name) -> clusters.put(cluster,
                named("computenet.scheduler.clusters.\"" + cluster + "\".placement-policy", name)));
        return new Configured(fallback, clusters);
    }

    private static ClusterPolicy named(String key, String name) {
        try {
            return ClusterPolicy.named(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    void onStart(@Observes StartupEvent event) {
        Configured c = configured();
        LOG.infof("placement policy: %s by default%s", c.defaultPolicy().name(), c.perCluster().isEmpty() ? ""
                : ", per cluster " + c.perCluster());
    }

    private Configured configured() {
        Configured c = configured;
        if (c == null) {
            Map<String, String> perCluster = new TreeMap<>();
            config.clusters().forEach((cluster, settings) -> settings.placementPolicy()
                    .ifPresent(name -> perCluster.put(cluster, name)));
            c = parse(config.placementPolicy(), perCluster);
            configured = c;
        }
        return c;
    }

    /** The policies now; FGD's mix counted again when it is older than the refresh period. */
    @Transactional
    public PolicyChoice current() {
        Configured c = configured();
        if (!c.usesFgd()) {
            PolicyChoice choice = current;
            if (choice == null) {
                choice = c.with(null);
                current = choice;
            }
            return choice;
        }
        Instant now = clock.instant();
        Instant counted = countedAt;
        if (current == null || counted == null || !now.isBefore(counted.plus(config.placementMix().refresh()))) {
            synchronized (this) {
                if (current == null || countedAt == null
                        || !now.isBefore(countedAt.plus(config.placementMix().refresh()))) {
                    current = c.with(ClusterPolicy.mixOf(recentLeaseShapes()));
                    countedAt = now;
                }
            }
        }
        return current;
    }

    /** The shapes of the live leases and the most recently placed ones. */
    List<TaskShape> recentLeaseShapes() {
        return recentLeases.shapes(Math.max(1, config.placementMix().leases()));
    }
}
