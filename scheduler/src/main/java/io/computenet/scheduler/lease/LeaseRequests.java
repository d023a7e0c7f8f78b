package io.computenet.scheduler.lease;

import io.computenet.contracts.api.LeaseView;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.PriceFilter;
import io.computenet.placement.Sharing;
import io.computenet.problem.ProblemException;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.decision.AllocationScope;
import io.computenet.scheduler.decision.Bookings;
import io.computenet.scheduler.decision.LeaseDecision;
import io.computenet.scheduler.kubernetes.WorkloadSpec;
import io.computenet.scheduler.placement.CapacitySnapshots;
import io.computenet.scheduler.placement.LearnerFeed;
import io.computenet.scheduler.placement.PlacementPolicies;
import io.computenet.scheduler.pricing.PriceCatalog;
import io.computenet.scheduler.quota.Admission;
import io.computenet.scheduler.quota.TenantLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * New lease requests: reads what the pure {@link LeaseDecision} needs (the capacity model, bookings, prices, the
 * tenant's limits) under the allocation locks of its tenant and of the regions it may go to ({@link AllocationLock}),
 * and applies its outcome: the lease placed, placed by preempting, queued with its reasons, booked, or the request
 * refused with the problem the decision names.
 */
@ApplicationScoped
public class LeaseRequests {

    /** How far ahead a lease may be booked. */
    static final Duration MAX_ADVANCE = Duration.ofDays(30);

    @Inject
    EntityManager em;
    @Inject
    CapacitySnapshots snapshots;
    @Inject
    TenantLimits limits;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;
    @Inject
    PriceCatalog priceCatalog;
    @Inject
    AllocationTimers timers;
    @Inject
    PlacementPolicies placementPolicies;
    @Inject
    LearnerFeed learner;
    @Inject
    AllocationLock lock;
    @Inject
    LeaseRepository repository;
    @Inject
    LeaseTransitions transitions;
    @Inject
    DeviceAllocations allocations;
    @Inject
    NewLeases newLeases;
    @Inject
    LeaseQueue queue;
    @Inject
    LeaseNodes leaseNodes;
    @Inject
    io.computenet.scheduler.quote.QuoteBook quotes;

    /**
     * Admits the request against the tenant's GPU-hour budget and device quotas, then places it now, or queues it
     * when it does not fit now but would fit the enrolled fleet if it were free (and the request allows waiting), or
     * refuses it with the reasons when it could never fit. With {@code startAt}, books it for later instead.
     */
    @Transactional
    public LeaseView request(LeaseRequest r) {
        return request(r, null);
    }

    /** As {@link #request(LeaseRequest)}; with {@code serving}, the lease is a replica of that inference endpoint. */
    @Transactional
    public LeaseView request(LeaseRequest r, WorkloadSpec.Serving serving) {
        lock.lock(scopeOf(r), AllocationTimers.Path.REQUEST);
        if (r.startAt() != null && r.quoteId() == null) {
            return book(r, clock.instant());
        }
        try (Batch batch = new Batch(true)) {
            LeaseView lease = requestNow(r, serving, batch);
            batch.writes.apply();
            return lease;
        }
    }

    /** What became of one request of a batch: its lease, or why it was refused (as the single request would be). */
    public record Outcome(LeaseView lease, RuntimeException refused) {
    }

    /** A request that starts now, with the serving spec of a replica (null for an ordinary lease). */
    public record Waiting(LeaseRequest request, WorkloadSpec.Serving serving) {
    }

    /**
     * Where a batch takes its requests from ({@link LeaseIntake}): the requests its locks are chosen for, read before
     * locking, and then, once the locks are held, every waiting request they cover, in arrival order, so the requests
     * that came in while the batch waited for the locks go in the same transaction (and the same commit) instead of
     * each waiting for a transaction of its own.
     */
    public interface Source {

        /** The requests the batch takes its locks for (some may be gone, taken by another batch, once held). */
        List<LeaseRequest> candidates();

        /**
         * Takes the waiting requests that {@code covered} accepts, in arrival order (at most as many as a batch
         * holds); what it returns is the batch, in the order of the outcomes.
         */
        List<Waiting> take(java.util.function.Predicate<LeaseRequest> covered);
    }

    /**
     * Requests that start now ({@code startAt} null), handled as {@link #request} handles each, in order, but in one
     * transaction under one hold of the allocation lock and over one read of the capacity model, each seeing what
     * the ones before it took: what {@link LeaseIntake} uses to create the leases of concurrent requests together.
     * A request refused (admission, no capacity, invalid) is refused alone; any other failure rolls back the whole
     * batch and is thrown, and the caller then tries each request on its own.
     */
    @Transactional
    public List<Outcome> requestAll(List<LeaseRequest> requests) {
        return requestAll(requests, java.util.Collections.nCopies(requests.size(), null));
    }

    /** As {@link #requestAll(List)}; {@code servings} (one per request, null for an ordinary lease) make replicas. */
    @Transactional
    public List<Outcome> requestAll(List<LeaseRequest> requests, List<WorkloadSpec.Serving> servings) {
        List<Waiting> batch = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            batch.add(new Waiting(requests.get(i), servings.get(i)));
        }
        return requestAll(new Source() {
            @Override
            public List<LeaseRequest> candidates() {
                return requests;
            }

            @Override
            public List<Waiting> take(java.util.function.Predicate<LeaseRequest> covered) {
                return batch;
            }
        });
    }

    /**
     * As {@link #requestAll(List)} for the requests {@code source} hands over once the locks of its candidates are
     * held: the outcomes are those of {@link Source#take}'s list, in its order (none when another batch took them all
     * meanwhile: the transaction then wrote nothing).
     */
    @Transactional
    public List<Outcome> requestAll(Source source) {
        FleetRegions fleet = new FleetRegions();
        AllocationScope held = source.candidates().stream().map(r -> scopeOf(r, fleet))
                .reduce(AllocationScope.of(List.of(), List.of()), AllocationScope::with);
        lock.lock(held, AllocationTimers.Path.REQUEST);
        List<Waiting> requests = source.take(r -> held.covers(scopeOf(r, fleet)));
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        try (Batch batch = new Batch(false)) {
            for (Waiting w : requests) {
                LeaseRequest r = w.request();
                if (r.startAt() != null && r.quoteId() == null) {
                    throw new IllegalArgumentException("advance bookings are requested one at a time");
                }
                batch.writing = false;
                try {
                    outcomes.add(new Outcome(requestNow(r, w.serving(), batch), null));
                } catch (ProblemException e) { // InsufficientCapacityException included
                    if (batch.writing) {
                        throw e; // refused after it wrote: cannot be undone alone
                    }
                    outcomes.add(new Outcome(null, e));
                }
            }
            batch.writes.apply();
        }
        return outcomes;
    }

    /** The fleet's regions, read once per transaction (for the requests that name none). */
    private final class FleetRegions implements java.util.function.Supplier<java.util.Set<String>> {
        private java.util.Set<String> regions;

        @Override
        public java.util.Set<String> get() {
            if (regions == null) {
                regions = lock.fleetRegions();
            }
            return regions;
        }
    }

    /**
     * What the requests of one transaction share: the capacity model as they change it (the indexed live model when
     * the caller has not changed capacity before, else a snapshot read once), the bookings and the policies.
     */
    private final class Batch implements AutoCloseable {
        /** One request on its own ({@link #request}): its refusal rolls the transaction back. */
        final boolean alone;
        private boolean started;
        /** The indexed model, or null: then {@link #capacity}. */
        private CapacitySnapshots.Live live;
        private List<NodeCapacity> capacity;
        private List<Bookings.Reservation> reserved;
        private PolicyChoice policies;
        private java.util.function.Function<String, String> topologies;
        /** The current request has started writing: a refusal now would leave its writes half done. */
        boolean writing;
        /** The batch's device marks, slices and events, written together before it commits. */
        final DeviceAllocations.Writes writes = allocations.writes();

        Batch(boolean alone) {
            this.alone = alone;
        }

        private void start() {
            if (!started) {
                started = true;
                timers.snapshot(AllocationTimers.Path.REQUEST).record(() -> {
                    live = snapshots.live().orElse(null);
                    if (live == null) {
                        capacity = snapshots.current();
                    }
                });
                reserved = repository.reservations();
                policies = placementPolicies.current();
            }
        }

        /** The fleet as the next request of the batch sees it, with what the requests before took. */
        LeaseDecision.Fleet fleet(BigDecimal maxPricePerHour, Instant now) {
            start();
            Optional<PriceFilter.Prices> prices = maxPricePerHour == null ? Optional.empty() : priceCatalog.current();
            CapacitySnapshots.Live index = live;
            PolicyChoice choice = policies;
            return new LeaseDecision.Fleet(() -> index != null ? index.snapshot() : capacity,
                    Optional.ofNullable(index).map(i -> r -> i.plan(r, choice)), reserved, config.podStartTimeout(), policies,
                    prices, () -> {
                        // the victims are read from the rows: the batch's earlier leases must be there, devices marked
                        writes.apply();
                        return repository.victims();
                    }, topologies(), optionPrices(now));
        }

        /** The nodes' topology labels, read once per batch when a gang asks for them. */
        private java.util.function.Function<String, String> topologies() {
            if (topologies == null) {
                java.util.Map<String, String>[] read = new java.util.Map[1];
                topologies = id -> {
                    if (read[0] == null) {
                        read[0] = leaseNodes.topologies();
                    }
                    return read[0].get(id);
                };
            }
            return topologies;
        }

        /** A request of the batch took these devices: the next one plans on what is left. */
        void took(LeaseTransitions.Booked booked) {
            if (live != null) {
                live.took(booked.nodeId(), booked.devices());
            } else {
                capacity = booked.applyTo(capacity);
            }
        }

        @Override
        public void close() {
            if (live != null) {
                live.close();
            }
        }
    }

    /**
     * The tenant and the regions the request may be placed in: its quote's region (a quote is read without a lock:
     * its region never changes), else its own, else every region of the fleet.
     */
    private AllocationScope scopeOf(LeaseRequest r) {
        return scopeOf(r, lock::fleetRegions);
    }

    private AllocationScope scopeOf(LeaseRequest r,
                                    java.util.function.Supplier<java.util.Set<String>> fleetRegions) {
        String region = r.region();
        if (r.quoteId() != null) {
            // a projection, not the entity: the claim reads the quote afresh under its row lock
            List<String> quoted = em.createQuery("select q.region from QuoteEntity q where q.quoteId = ?1",
                    String.class).setParameter(1, r.quoteId()).getResultList();
            if (!quoted.isEmpty() && quoted.get(0) != null) {
                region = quoted.get(0);
            }
        }
        return lock.scopeOf(r.tenantId(), region, fleetRegions);
    }

    private LeaseView requestNow(LeaseRequest asked, WorkloadSpec.Serving serving, Batch batch) {
        Instant now = clock.instant();
        io.computenet.scheduler.quote.QuoteEntity quote = asked.quoteId() == null ? null
                : quotes.claim(asked.tenantId(), asked.quoteId(), now);
        LeaseRequest r = quote == null ? asked : asked.withQuote(terms(quote));
        PlacementRequest placementRequest = r.placementRequest(r.memoryMiB(), r.workload());
        if (quote != null) {
            checkHeldPrice(r, quote);
        }
        LeaseDecision.Ask ask = new LeaseDecision.Ask(placementRequest, priority(r), interruptible(r),
                Duration.ofMinutes(r.maxWaitMinutes() == null ? LeaseRequest.DEFAULT_MAX_WAIT_MINUTES
                        : r.maxWaitMinutes()), Duration.ofMinutes(r.durationMinutes()), r.maxPricePerHour(),
                r.nodeCount(), quote == null ? null : quote.held(), r.avoidNodes());
        LeaseDecision.Fleet fleet = batch.fleet(ask.maxPricePerHour(), now);
        Admission.Limits tenant = timers.admission(AllocationTimers.Path.REQUEST)
                .record(() -> limits.limitsOf(r.tenantId()));
        LeaseDecision.Outcome outcome = timers.placement(AllocationTimers.Path.REQUEST)
                .record(() -> LeaseDecision.request(ask, fleet, tenant, now));
        // the learning placement policies count each new request once, placed or not (a queued one is not again),
        // when its answer stands: after its transaction commits, or a refusal alone after the rollback it causes
        if (outcome instanceof LeaseDecision.Refuse refuse) {
            if (batch.alone) {
                learner.refusedAlone(placementRequest);
            } else {
                learner.decided(placementRequest, null);
            }
            throw refusal(refuse, ask);
        }
        learner.decided(placementRequest, outcome instanceof LeaseDecision.Place place ? place.placement()
                : outcome instanceof LeaseDecision.Preempt preempt ? preempt.plan().placement() : null);

        batch.writing = true;
        LeaseEntity lease = newLeases.of(r, serving, placementRequest, ask.priority(), ask.interruptible(), now);
        if (quote != null) {
            // booked once, at the price it holds (recorded now, kept when the lease is placed, now or from the queue)
            quote.bookedLeaseId = lease.leaseId;
            quote.bookedAt = now;
            lease.quoteId = quote.quoteId;
            lease.pricePerDeviceHour = quote.pricePerDeviceHour;
            lease.priceCurrency = quote.currency;
        }
        if (outcome instanceof LeaseDecision.Place place) {
            // the allocation is a bulk update the model does not see: the next request of the batch plans on this
            batch.took(transitions.allocate(lease, place.placement(), now, batch.writes));
        } else if (outcome instanceof LeaseDecision.PlaceGang gang) {
            transitions.allocateGang(lease, gang.placement(), now, batch.writes).forEach(batch::took);
        } else if (outcome instanceof LeaseDecision.Preempt preempt) {
            batch.took(transitions.preemptFor(lease, preempt.plan(), now, batch.writes));
        } else {
            LeaseDecision.Queue queued = (LeaseDecision.Queue) outcome;
            lease.state = LeaseState.QUEUED;
            lease.queueDeadline = queued.until();
            lease.persist();
            em.flush();
            lease.pendingReasons = String.join("\n", queue.pendingReasons(lease, queued.reasons()));
        }
        return LeaseViews.of(lease);
    }

    /**
     * Books a lease for a window in the future: whole devices that will be free for the whole window (held now only by
     * leases that end before it, reserved by no overlapping booking) are reserved until it starts. A gang is booked all
     * or nothing: every node's devices are reserved, or the booking is refused; admission counts its N x M devices.
     */
    private LeaseView book(LeaseRequest r, Instant now) {
        timers.admission(AllocationTimers.Path.REQUEST).record(() -> limits.admit(r.tenantId(), r.totalDevices(),
                Duration.ofMinutes(r.durationMinutes()), r.region(), r.vendor(), BigDecimal.ONE));
        Instant start = r.startAt();
        if (start.isBefore(now.plus(config.bookingMinLead())) || start.isAfter(now.plus(MAX_ADVANCE))) {
            throw new ProblemException(400, "invalid-request", "Invalid request",
                    "startAt must be between " + config.bookingMinLead().toSeconds() + " s and " + MAX_ADVANCE.toDays()
                            + " days ahead, was " + start, List.of());
        }
        if (r.sliceProfile() != null || r.computePct() != null) {
            throw new ProblemException(400, "invalid-request", "Invalid request",
                    "an advance booking reserves whole devices: sliceProfile and computePct are for leases that "
                            + "start now", List.of());
        }
        PlacementRequest request = new PlacementRequest(r.memoryMiB(), r.perNode(), r.region(), r.vendor(),
                r.workload(), null, r.model(), null, Sharing.WHOLE, LeaseRequest.parseFramework(r.framework()),
                r.cpuCount(), r.hostMemoryMiB());
        Duration duration = Duration.ofMinutes(r.durationMinutes());
        LeaseDecision.Ask ask = new LeaseDecision.Ask(request, priority(r), interruptible(r), Duration.ZERO, duration,
                r.maxPricePerHour(), r.nodeCount());
        Optional<PriceFilter.Prices> prices = r.maxPricePerHour() == null ? Optional.empty() : priceCatalog.current();
        java.util.function.Function<String, String> topology = ask.isGang() ? leaseNodes.topologies()::get
                : id -> null;
        LeaseDecision.Outcome outcome = LeaseDecision.book(ask, snapshots.current(), repository.holdings(now),
                repository.reservations(), start, start.plus(duration), placementPolicies.current(), prices,
                topology);
        if (outcome instanceof LeaseDecision.Refuse refuse) {
            throw refusal(refuse, ask);
        }
        LeaseEntity lease = newLeases.of(r, request, ask.priority(), ask.interruptible(), now);
        lease.state = LeaseState.BOOKED;
        lease.startsAt = start;
        if (outcome instanceof LeaseDecision.PlaceGang gang) {
            lease.reserveGang(gang.placement()); // every node's devices, all in this one row: all or nothing
        } else {
            var placement = ((LeaseDecision.Place) outcome).placement();
            lease.reservedNodeId = placement.node().nodeId();
            lease.reservedDeviceKeys = placement.devices().stream().map(DeviceSlot::deviceKey)
                    .collect(Collectors.joining(","));
        }
        lease.persist();
        return LeaseViews.of(lease);
    }

    /** Every option's price now, when the price books can be read: the decision then ranks as the quotes do. */
    private Optional<io.computenet.scheduler.decision.Quotes.Pricing> optionPrices(Instant now) {
        return priceCatalog.book().map(book -> PriceCatalog.options(book, now));
    }

    /** What the quote fixes of the request. */
    static LeaseRequest.QuoteTerms terms(io.computenet.scheduler.quote.QuoteEntity q) {
        return new LeaseRequest.QuoteTerms(q.memoryMiBPerDevice, q.deviceCount, q.durationMinutes, q.workloadClass,
                q.computePct, q.region, q.vendor, q.deviceModel, q.sliceProfile, q.sharing, q.framework, q.nodeCount);
    }

    /** A price ceiling given with a quote is checked against the price the quote holds. */
    private static void checkHeldPrice(LeaseRequest r, io.computenet.scheduler.quote.QuoteEntity quote) {
        BigDecimal perHour = quote.pricePerDeviceHour.multiply(quote.share)
                .multiply(BigDecimal.valueOf(quote.deviceCount));
        if (r.maxPricePerHour() != null && perHour.compareTo(r.maxPricePerHour()) > 0) {
            throw new PriceCeilingException(r.maxPricePerHour(), quote.currency, List.of("price: quote "
                    + quote.quoteId + " holds " + perHour.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()
                    + " " + quote.currency + " per hour, above the ceiling of "
                    + r.maxPricePerHour().toPlainString() + " " + quote.currency + " per hour"));
        }
    }

    /** The problem a refusal is answered with. */
    static ProblemException refusal(LeaseDecision.Refuse refuse, LeaseDecision.Ask ask) {
        return switch (refuse.refusal()) {
            case QUOTE_UNAVAILABLE -> new io.computenet.scheduler.quote.QuoteProblems.Unavailable(
                    ask.quote().quoteId(), refuse.reasons());
            case TENANT_LIMIT -> new TenantLimits.LimitExceededException(refuse.reasons());
            case PRICE_CEILING -> new PriceCeilingException(ask.maxPricePerHour(), LeaseDecision.CURRENCY,
                    refuse.reasons());
            case NO_CAPACITY -> new InsufficientCapacityException(refuse.reasons());
        };
    }

    private static int priority(LeaseRequest r) {
        return r.priority() == null ? LeaseRequest.DEFAULT_PRIORITY : r.priority();
    }

    private static boolean interruptible(LeaseRequest r) {
        return Boolean.TRUE.equals(r.interruptible());
    }
}
