package io.computenet.scheduler.lease;

import io.computenet.contracts.api.LeaseView;
import io.computenet.problem.ProblemException;
import io.computenet.scheduler.kubernetes.WorkloadSpec;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Where lease requests come in: requests that start now are created in batches, one lane per requested region (and
 * one for requests that name none), each with its own thread, so regions allocate in parallel. While one allocation
 * transaction of a lane runs, the requests arriving for that lane wait here; then the lane's thread creates them in
 * one transaction ({@link LeaseRequests#requestAll(LeaseRequests.Source)}): one hold of the allocation locks, one
 * refresh of the capacity model, one commit, instead of one each. The locks are chosen for the requests waiting in the
 * lane when the transaction starts; once they are held, the batch takes every waiting request they cover, in this
 * lane and in the others (a batch for any region holds every region's lock, so it also takes the requests for one
 * region of the same tenants), including those that came in while it waited for the locks: under durable commits
 * each transaction waits for its WAL flush while it holds the locks, so the fewer transactions the more leases per
 * second. A batch for any region starts from every lane's waiting requests, and the regions' lanes wait for it
 * rather than queue behind it for their region's lock. Each lane's requests are taken in arrival order, and only as a
 * prefix of its queue. Each request still gets exactly the answer it would get alone (its lease, or its own refusal),
 * in the batch's order, each planned on what the ones before it took. A batch that fails for any other reason (a
 * database error, a bug) is rolled back and its requests are tried one by one, so one bad request cannot fail the
 * others. Advance bookings ({@code startAt}) go straight to {@link LeaseRequests#request}.
 * <p>
 * With one request at a time this adds nothing but a hand-over between two threads; under concurrent requests the
 * allocation lock, the refresh and the commit are paid once per batch ({@code computenet_scheduler_lease_batch_size}
 * at {@code /q/metrics} shows the sizes).
 */
@ApplicationScoped
public class LeaseIntake {

    private static final Logger LOG = Logger.getLogger(LeaseIntake.class);

    /** Most requests created in one transaction: bounds how long the last of a batch waits for the first. */
    static final int MAX_BATCH = 64;

    @Inject
    LeaseRequests leases;
    @Inject
    MeterRegistry registry;

    /** The request's region, or {@link #ANY_REGION}, to its lane. */
    private final java.util.Map<String, Lane> lanes = new java.util.HashMap<>();
    private boolean stopped;
    /** Guards {@link #anyRegionBatchRunning}. */
    private final Object anyRegionBatch = new Object();
    /** A batch of the any-region lane is choosing, waiting for or holding its locks. */
    private boolean anyRegionBatchRunning;
    private DistributionSummary batchSizes;

    /** The lane of requests that name no region (they lock every region: {@link AllocationLock}). */
    static final String ANY_REGION = "*";

    /**
     * The requests for one region (or for any), batched by a thread of their own: a batch for one region never waits
     * in this process behind one for another region (the database locks decide what must wait, {@link AllocationLock}),
     * only behind one for any region, which locks every region ({@link #anyRegionCandidates}).
     * Its queue is guarded by the lane itself: its own thread and other lanes' batches take from its head.
     */
    private final class Lane {
        final java.util.ArrayDeque<Pending> waiting = new java.util.ArrayDeque<>();
        final Thread worker;
        /** The lane of requests that name no region: its batches lock every region. */
        final boolean anyRegion;

        Lane(String region) {
            anyRegion = ANY_REGION.equals(region);
            worker = new Thread(() -> run(this), "lease-intake-" + region);
            worker.setDaemon(true);
            worker.start();
        }

        synchronized void add(Pending p) {
            waiting.add(p);
            notifyAll();
        }

        /** Waits until a request is waiting; then the first {@code max} waiting, left in the queue. */
        synchronized List<Pending> awaitFirst(int max) throws InterruptedException {
            while (waiting.isEmpty()) {
                wait();
            }
            return waiting.stream().limit(max).toList();
        }

        /** The first {@code max} waiting, left in the queue. */
        synchronized List<Pending> first(int max) {
            return waiting.stream().limit(max).toList();
        }

        synchronized Pending head() {
            return waiting.peek();
        }

        /** Takes the head if it is still {@code expected} (another batch may have taken it meanwhile). */
        synchronized boolean take(Pending expected) {
            if (waiting.peek() != expected) {
                return false;
            }
            waiting.poll();
            return true;
        }

        synchronized int size() {
            return waiting.size();
        }

        synchronized List<Pending> drain() {
            List<Pending> all = new ArrayList<>(waiting);
            waiting.clear();
            return all;
        }
    }

    private record Pending(LeaseRequest request, WorkloadSpec.Serving serving, CompletableFuture<LeaseView> result) {
    }

    /** Creates the lease as {@link LeaseRequests#request} does; throws what it would throw. */
    public LeaseView request(LeaseRequest request) {
        return request(request, null);
    }

    /**
     * As {@link #request(LeaseRequest)}; with {@code serving} (not null), the lease is a replica of that inference
     * endpoint and runs its serving Pod. The serving spec travels beside the request, not in it: the public request
     * has no such fields.
     */
    public LeaseView request(LeaseRequest request, WorkloadSpec.Serving serving) {
        if (request.startAt() != null) {
            return serving == null ? leases.request(request) : leases.request(request, serving);
        }
        Pending pending = new Pending(request, serving, new CompletableFuture<>());
        synchronized (this) {
            if (stopped) {
                throw unavailable();
            }
            if (batchSizes == null) {
                batchSizes = DistributionSummary.builder("computenet.scheduler.lease.batch.size")
                        .description("lease requests created together in one allocation transaction")
                        .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue((double) MAX_BATCH)
                        .register(registry);
            }
            lanes.computeIfAbsent(request.region() == null ? ANY_REGION : request.region(), Lane::new).add(pending);
        }
        try {
            return pending.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    private void run(Lane lane) {
        while (true) {
            List<Pending> candidates;
            try {
                candidates = lane.awaitFirst(MAX_BATCH);
                if (!lane.anyRegion && awaitAnyRegionBatch()) {
                    continue; // it may have taken this lane's requests: look again
                }
            } catch (InterruptedException e) {
                return;
            }
            if (lane.anyRegion) {
                candidates = anyRegionCandidates(lane, candidates);
                anyRegionBatch(true);
            }
            List<Pending> batch = new ArrayList<>(MAX_BATCH);
            try {
                create(lane, candidates, batch);
            } catch (RuntimeException | Error e) {
                // never leave a caller waiting, and keep taking requests
                LOG.errorf(e, "a batch of %d lease requests failed unexpectedly", batch.size());
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                if (lane.anyRegion) {
                    anyRegionBatch(false);
                }
            }
        }
    }

    /**
     * A batch for any region locks every region, so a region's lane could only wait behind it in PostgreSQL and then
     * run a transaction of its own for the few requests that came in meanwhile: instead its candidates are every
     * lane's waiting requests (its locks then cover their tenants too, so it takes them all, none left to starve),
     * and the regions' lanes start no transaction while it runs ({@link #awaitAnyRegionBatch}). Their requests go
     * first in its candidates (up to half of a batch) and in what it takes, so a region's requests, whatever their
     * tenant, are not left waiting behind a busy any-region lane.
     */
    private List<Pending> anyRegionCandidates(Lane lane, List<Pending> own) {
        // at most half from the regions' lanes, so neither side can crowd the other out of a batch for long
        List<Pending> all = new ArrayList<>();
        for (Lane other : lanes()) {
            if (other != lane && all.size() < MAX_BATCH / 2) {
                all.addAll(other.first(MAX_BATCH / 2 - all.size()));
            }
        }
        all.addAll(own.subList(0, Math.min(own.size(), MAX_BATCH - all.size())));
        return all;
    }

    private void anyRegionBatch(boolean running) {
        synchronized (anyRegionBatch) {
            anyRegionBatchRunning = running;
            anyRegionBatch.notifyAll();
        }
    }

    /** Waits while a batch for any region runs in this process; true when it waited. */
    private boolean awaitAnyRegionBatch() throws InterruptedException {
        synchronized (anyRegionBatch) {
            boolean waited = false;
            while (anyRegionBatchRunning) {
                anyRegionBatch.wait();
                waited = true;
            }
            return waited;
        }
    }

    /**
     * One transaction for the lane: locks for {@code candidates}, then the waiting requests those locks cover (this
     * lane's first, then the other lanes'), taken into {@code batch}.
     */
    private void create(Lane lane, List<Pending> candidates, List<Pending> batch) {
        List<LeaseRequests.Outcome> outcomes;
        try {
            outcomes = leases.requestAll(new LeaseRequests.Source() {
                @Override
                public List<LeaseRequest> candidates() {
                    return candidates.stream().map(Pending::request).toList();
                }

                @Override
                public List<LeaseRequests.Waiting> take(java.util.function.Predicate<LeaseRequest> covered) {
                    if (!lane.anyRegion) {
                        takeCovered(lane, covered, batch);
                    }
                    for (Lane other : lanes()) {
                        if (other != lane) {
                            takeCovered(other, covered, batch);
                        }
                    }
                    if (lane.anyRegion) { // the regions' lanes first: they wait for this batch
                        takeCovered(lane, covered, batch);
                    }
                    return batch.stream().map(p -> new LeaseRequests.Waiting(p.request(), p.serving())).toList();
                }
            });
        } catch (RuntimeException e) {
            if (batch.isEmpty()) {
                // failed before it took any: its candidates (those still waiting) are tried alone, not again and again
                for (Pending p : candidates) {
                    if (!lane.take(p)) {
                        break;
                    }
                    batch.add(p);
                }
            }
            if (batch.size() > 1) {
                LOG.warnf(e, "a batch of %d lease requests failed as a whole; trying each on its own", batch.size());
            }
            for (Pending p : batch) {
                createAlone(p);
            }
            return;
        }
        if (!batch.isEmpty()) {
            batchSizes.record(batch.size());
        }
        for (int i = 0; i < batch.size(); i++) {
            LeaseRequests.Outcome outcome = outcomes.get(i);
            if (outcome.refused() != null) {
                batch.get(i).result().completeExceptionally(outcome.refused());
            } else {
                batch.get(i).result().complete(outcome.lease());
            }
        }
    }

    /** Takes the lane's waiting requests from its head while {@code covered} accepts them, up to {@link #MAX_BATCH}. */
    private static void takeCovered(Lane lane, java.util.function.Predicate<LeaseRequest> covered,
                                    List<Pending> batch) {
        while (batch.size() < MAX_BATCH) {
            Pending head = lane.head();
            if (head == null || !covered.test(head.request())) {
                return;
            }
            if (lane.take(head)) {
                batch.add(head);
            } // else another batch took it: look at the new head
        }
    }

    private synchronized List<Lane> lanes() {
        return List.copyOf(lanes.values());
    }

    private void createAlone(Pending p) {
        try {
            p.result().complete(p.serving() == null ? leases.request(p.request())
                    : leases.request(p.request(), p.serving()));
        } catch (RuntimeException | Error e) {
            p.result().completeExceptionally(e);
        }
    }

    /** Requests waiting for the next batch (for tests). */
    synchronized int waitingCount() {
        return lanes.values().stream().mapToInt(Lane::size).sum();
    }

    @PreDestroy
    void stop() {
        List<Lane> running;
        synchronized (this) {
            stopped = true;
            running = List.copyOf(lanes.values());
        }
        running.forEach(l -> l.worker.interrupt());
        for (Lane lane : running) {
            try {
                lane.worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Pending> left = new ArrayList<>();
        running.forEach(l -> left.addAll(l.drain()));
        left.forEach(p -> p.result().completeExceptionally(unavailable()));
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "shutting-down", "Scheduler shutting down",
                "the scheduler is stopping; the lease was not created, request it again", List.of());
    }
}
