package io.computenet.scheduler.lease;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Duration;

/**
 * Timers for where a lease request spends its time inside the scheduler, exposed at {@code /q/metrics} with histogram
 * buckets so that a load harness can take percentiles from two scrapes:
 * <ul>
 *   <li>{@code computenet_scheduler_allocation_lock_wait_seconds}: waiting for the allocation advisory locks (the
 *   tenant's, then the regions': {@link AllocationLock});</li>
 *   <li>{@code computenet_scheduler_allocation_lock_held_seconds}: from getting the locks until their transaction
 *   has committed or rolled back (the locks are transaction-scoped), i.e. the section allocations in one region run
 *   one at a time; per region, its mean bounds that region's allocation throughput at {@code 1 / mean};</li>
 *   <li>{@code computenet_scheduler_admission_seconds}: the tenant budget and quota check (reads the tenant's
 *   leases);</li>
 *   <li>{@code computenet_scheduler_snapshot_seconds}: reading the capacity snapshot from PostgreSQL;</li>
 *   <li>{@code computenet_scheduler_placement_seconds}: the pure planner's decision.</li>
 * </ul>
 * Each carries a {@code path} tag: {@code request} (a lease request) or {@code queue} (the reconciler's queue pass);
 * the two lock timers also a {@code region} tag: the region locked, or {@code several} when the transaction locked
 * more than one (a request without a region, a batch or a queue pass over several regions).
 */
@ApplicationScoped
public class AllocationTimers {

    /** The two places that allocate under the lock. */
    public enum Path {
        REQUEST, QUEUE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Inject
    MeterRegistry registry;
    @Inject
    TransactionSynchronizationRegistry transactions;

    private final java.util.Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    /** The {@code region} tag of a hold over more than one region. */
    static final String SEVERAL = "several";

    @PostConstruct
    void register() {
        for (Path path : Path.values()) {
            lockWait(path, SEVERAL);
            lockHeld(path, SEVERAL);
            admission(path);
            snapshot(path);
            placement(path);
        }
    }

    public Timer lockWait(Path path, String region) {
        return timer("computenet.scheduler.allocation.lock.wait", "waiting for the allocation advisory locks", path,
                region);
    }

    public Timer lockHeld(Path path, String region) {
        return timer("computenet.scheduler.allocation.lock.held",
                "allocation locks held: from getting them until their transaction completed", path, region);
    }

    /** The {@code region} tag of a hold over these regions. */
    static String regionTag(java.util.Set<String> regions) {
        return regions.size() == 1 ? regions.iterator().next() : SEVERAL;
    }

    public Timer admission(Path path) {
        return timer("computenet.scheduler.admission", "tenant budget and quota check", path);
    }

    public Timer snapshot(Path path) {
        return timer("computenet.scheduler.snapshot", "capacity snapshot read from PostgreSQL", path);
    }

    public Timer placement(Path path) {
        return timer("computenet.scheduler.placement", "the planner's placement decision", path);
    }

    /**
     * Starts timing the allocation lock as held now and stops when the current transaction completes (the advisory
     * lock is released at commit or rollback).
     */
    public void heldUntilTransactionEnds(Path path, String region) {
        Timer held = lockHeld(path, region);
        long start = System.nanoTime();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // the commit itself is part of the held time
            }

            @Override
            public void afterCompletion(int status) {
                held.record(Duration.ofNanos(System.nanoTime() - start));
            }
        });
    }

    private Timer timer(String name, String description, Path path) {
        return timer(name, description, path, null);
    }

    private Timer timer(String name, String description, Path path, String region) {
        return timers.computeIfAbsent(name + "/" + path.tag() + "/" + region, k -> Timer.builder(name)
                .description(description)
                .tag("path", path.tag())
                .tags(region == null ? io.micrometer.core.instrument.Tags.empty()
                        : io.micrometer.core.instrument.Tags.of("region", region))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry));
    }
}
