package io.computenet.scheduler.placement;

import io.computenet.placement.ClusterPolicy;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.policy.MixLearner;
import io.computenet.placement.policy.TaskShape;
import io.computenet.placement.policy.TypicalTasks;
import io.computenet.scheduler.SchedulerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The placement policy of each cluster ({@code computenet.scheduler.placement-policy}, overridden per cluster by
 * {@code computenet.scheduler.clusters."<cluster>".placement-policy}), as the planner takes it
 * ({@link PolicyChoice}). The names are checked at startup: an unknown one stops the scheduler with the key and the
 * valid names.
 *
 * <p>FGD policies look through a typical-task mix of lease shapes ({@link ClusterPolicy#leaseShape}: whole devices
 * by count, slices by billed share, model constraint):
 * <ul>
 *   <li>The learning policies ({@code fgd-cpu-aware-learned}, the default, and {@code fgd-learned*}:
 *   {@link ClusterPolicy#learns}) learn it online, with the trace replay's own schedule ({@code MixLearner}), from
 *   the lease requests this instance sees ({@link #observe}: each new request once, as what it got or asked for,
 *   {@link ClusterPolicy#requestShape}, fed by {@link LearnerFeed} once its transaction has ended, never a request
 *   rolled back; a queued lease placed later is not counted again). The learner starts from
 *   the shapes of the live and most recent leases (its history, no foreknowledge), so a restart does not forget the
 *   workload. The mix changes, and with it the policies (and the capacity index's remembered rankings), only when
 *   the learner replaces it.</li>
 *   <li>The fixed-mix policies ({@code fgd}, {@code fgd-cpu-aware}, ...) count it from the live leases and the most
 *   recently placed ones, {@code computenet.scheduler.placement-mix.leases} in all, read from PostgreSQL at most once
 *   per {@code placement-mix.refresh} (under the caller's transaction), at the paper's 95 % coverage. With no lease
 *   history yet it is {@link ClusterPolicy#FALLBACK_MIX}.</li>
 * </ul>
 * Without any FGD cluster nothing is read or learned.
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
    @Inject
    MeterRegistry metrics;

    private volatile Configured configured;
    private volatile PolicyChoice current;
    private Instant countedAt;
    private TypicalTasks counted;
    /** The learning policies' learners by policy name; null until the first {@link #current()}. */
    private Map<String, MixLearner> learners;
    private boolean learnedChanged;

    /** The configured policies, parsed: the default and the per-cluster ones. */
    public record Configured(ClusterPolicy defaultPolicy, Map<String, ClusterPolicy> perCluster) {
        public Configured {
            perCluster = Map.copyOf(perCluster);
        }

        boolean usesFgd() {
            return all().anyMatch(p -> p.mix() != null);
        }

        boolean usesCountedMix() {
            return all().anyMatch(p -> p.mix() != null && !p.learns());
        }

        /** The learning policies in use, by name. */
        List<ClusterPolicy> learning() {
            return all().filter(ClusterPolicy::learns).distinct().toList();
        }

        private java.util.stream.Stream<ClusterPolicy> all() {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(defaultPolicy),
                    perCluster.values().stream());
        }

        /** The choice with every fixed-mix FGD policy looking through {@code mix}. */
        PolicyChoice with(TypicalTasks mix) {
            return withMixes(p -> mix);
        }

        /** The choice with every FGD policy looking through the mix {@code mixOf} gives it. */
        PolicyChoice withMixes(Function<ClusterPolicy, TypicalTasks> mixOf) {
            Map<String, ClusterPolicy> clusters = new HashMap<>();
            Map<ClusterPolicy, ClusterPolicy> made = new HashMap<>();
            Function<ClusterPolicy, ClusterPolicy> withMix = p -> made.computeIfAbsent(p,
                    q -> q.withMix(mixOf.apply(q)));
            perCluster.forEach((c, p) -> clusters.put(c, withMix.apply(p)));
            ClusterPolicy fallback = withMix.apply(defaultPolicy);
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
        Gauge.builder("computenet.scheduler.placement.requests.learned", this, PlacementPolicies::requestsLearned)
                .description("lease requests the learning placement policies have counted since this instance "
                        + "started learning, each once its transaction committed (0 without a learning policy)")
                .register(metrics);
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

    /**
     * The policies now: the learning policies with their learners' mixes, the fixed-mix ones with the mix counted
     * again when it is older than the refresh period.
     */
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
        synchronized (this) {
            if (learners == null) {
                learners = new HashMap<>();
                List<ClusterPolicy> learning = c.learning();
                List<TaskShape> history = learning.isEmpty() ? List.of() : recentLeaseShapes();
                for (ClusterPolicy p : learning) {
                    learners.put(p.name(), p.learner(history));
                }
            }
            boolean countDue = c.usesCountedMix() && (countedAt == null
                    || !now.isBefore(countedAt.plus(config.placementMix().refresh())));
            if (countDue) {
                counted = ClusterPolicy.mixOf(recentLeaseShapes());
                countedAt = now;
            }
            if (current == null || countDue || learnedChanged) {
                TypicalTasks fixed = counted;
                current = c.withMixes(p -> p.learns() ? learners.get(p.name()).current() : fixed);
                learnedChanged = false;
            }
            return current;
        }
    }

    /**
     * Counts a new lease request for the learning policies: where it was placed ({@code placed}), or, not placed,
     * what it asked for ({@link ClusterPolicy#requestShape}). Call once per request, after its decision (as the
     * replay counts a task after placing it) and its transaction's end: {@link LearnerFeed} does, for the lease path.
     * Nothing to do without a learning policy.
     */
    public void observe(PlacementRequest request, Placement placed) {
        Configured c = configured();
        if (c.learning().isEmpty()) {
            return;
        }
        Optional<TaskShape> shape = ClusterPolicy.requestShape(request, placed);
        if (shape.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (learners == null) {
                return; // not learning yet: the first current() starts from the lease history, this one included
            }
            for (MixLearner learner : learners.values()) {
                learnedChanged |= learner.observe(shape.get());
            }
        }
    }

    /** Lease requests the learning policies have counted since this instance started learning (0 without one). */
    public synchronized long requestsLearned() {
        return learners == null ? 0 : learners.values().stream().mapToLong(MixLearner::seen).max().orElse(0);
    }

    /** The shapes of the live leases and the most recently placed ones. */
    List<TaskShape> recentLeaseShapes() {
        return recentLeases.shapes(Math.max(1, config.placementMix().leases()));
    }
}
