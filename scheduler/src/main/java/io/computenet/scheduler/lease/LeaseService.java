package io.computenet.scheduler.lease;

import io.computenet.contracts.Topics;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.computenet.scheduler.inventory.NodeEntity;
import io.computenet.scheduler.kubernetes.PodFactory;
import io.computenet.scheduler.outbox.Outbox;
import io.computenet.scheduler.placement.CapacitySnapshots;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.PriceFilter;
import io.computenet.scheduler.pricing.PriceCatalog;
import io.computenet.placement.SliceChoice;
import io.computenet.placement.slices.Fit;
import io.computenet.placement.slices.SliceArithmetic;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PlacementResult;
import io.computenet.placement.Planner;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.WorkloadClass;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Lease lifecycle: placement and allocation, state changes and their events. Every state change writes its lease
 * event to the outbox in the same transaction, so PostgreSQL and Kafka cannot disagree after a crash.
 */
@ApplicationScoped
public class LeaseService {

    /** Serialises allocation across scheduler instances (a transaction-scoped PostgreSQL advisory lock). */
    private static final long ALLOCATION_LOCK = 0x636e_616c_6c6fL;

    @Inject
    EntityManager em;
    @Inject
    CapacitySnapshots snapshots;
    @Inject
    io.computenet.scheduler.quota.TenantLimits limits;
    @Inject
    Outbox outbox;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;
    @Inject
    PriceCatalog priceCatalog;
    @Inject
    AllocationTimers timers;
    @Inject
    io.computenet.scheduler.placement.PlacementPolicies placementPolicies;

    /**
     * Admits the request against the tenant's GPU-hour budget and device quotas, then places it now, or queues it
     * when it does not fit now but would fit the enrolled fleet if it were free (and the request allows waiting), or
     * refuses it with the reasons when it could never fit. With {@code startAt}, books it for later instead.
     */
    @Transactional
    public LeaseView request(LeaseRequest r) {
        lockAllocation(AllocationTimers.Path.REQUEST);
        if (r.startAt() != null) {
            admit(r, r.region(), r.vendor(), BigDecimal.ONE);
            return book(r, r.memoryMiB(), r.workload(), clock.instant());
        }
        try (Batch batch = new Batch()) {
            LeaseView lease = requestNow(r, batch);
            batch.writes.apply();
            return lease;
        }
    }

    /** Computes once, on first use. */
    private static <T> java.util.function.Supplier<T> memo(java.util.function.Supplier<T> compute) {
        return new java.util.function.Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = compute.get();
                }
                return value;
            }
        };
    }

    /** What became of one request of a batch: its lease, or why it was refused (as the single request would be). */
    public record Outcome(LeaseView lease, RuntimeException refused) {
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
        lockAllocation(AllocationTimers.Path.REQUEST);
        List<Outcome> outcomes = new java.util.ArrayList<>(requests.size());
        try (Batch batch = new Batch()) {
            requestEach(requests, batch, outcomes);
            batch.writes.apply();
        }
        return outcomes;
    }

    private void requestEach(List<LeaseRequest> requests, Batch batch, List<Outcome> outcomes) {
        for (LeaseRequest r : requests) {
            if (r.startAt() != null) {
                throw new IllegalArgumentException("advance bookings are requested one at a time");
            }
            batch.writing = false;
            try {
                outcomes.add(new Outcome(requestNow(r, batch), null));
            } catch (io.computenet.problem.ProblemException e) { // InsufficientCapacityException included
                if (batch.writing) {
                    throw e; // refused after it wrote: cannot be undone alone
                }
                outcomes.add(new Outcome(null, e));
            }
        }
    }

    /**
     * What the requests of one transaction share: the capacity model as they change it (the indexed live model when
     * the caller has not changed capacity before, else a snapshot read once), the bookings and the policies.
     */
    private final class Batch implements AutoCloseable {
        private boolean started;
        /** The indexed model, or null: then {@link #capacity}. */
        private CapacitySnapshots.Live live;
        private List<NodeCapacity> capacity;
        List<Bookings.Reservation> reserved;
        PolicyChoice policies;
        /** The current request has started writing: a refusal now would leave its writes half done. */
        boolean writing;
        /** The batch's device marks, slices and events, written together before it commits. */
        final Writes writes = new Writes();

        private void start() {
            if (!started) {
                started = true;
                timers.snapshot(AllocationTimers.Path.REQUEST).record(() -> {
                    live = snapshots.live().orElse(null);
                    if (live == null) {
                        capacity = snapshots.current();
                    }
                });
                reserved = reservations();
                policies = placementPolicies.current();
            }
        }

        /** The model as a list, with what the requests before took. */
        List<NodeCapacity> capacity() {
            start();
            return live != null ? live.snapshot() : capacity;
        }

        /**
         * Whether the index answers this request as the planner would on {@link #capacity()}: binpack everywhere, no
         * price ceiling (prices filter the nodes), no advance bookings (they take devices out for their windows).
         */
        boolean indexed(LeaseRequest r) {
            start();
            return live != null && r.maxPricePerHour() == null && reserved.isEmpty()
                    && (policies == null || policies == PolicyChoice.BINPACK);
        }

        PlacementResult planIndexed(PlacementRequest request) {
            return live.plan(request);
        }

        /** A request of the batch took these devices: the next one plans on what is left. */
        void took(Booked booked) {
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

    private LeaseView requestNow(LeaseRequest r, Batch batch) {
        long memoryMiB = r.memoryMiB();
        WorkloadClass workload = r.workload();
        PlacementRequest placementRequest = r.placementRequest(memoryMiB, workload);
        Instant requestedAt = clock.instant();
        int priority = r.priority() == null ? LeaseRequest.DEFAULT_PRIORITY : r.priority();
        boolean interruptible = Boolean.TRUE.equals(r.interruptible());
        int maxWait = r.maxWaitMinutes() == null ? LeaseRequest.DEFAULT_MAX_WAIT_MINUTES : r.maxWaitMinutes();
        boolean indexed = batch.indexed(r);
        PolicyChoice policies = batch.policies;
        // the list is built only when needed: on the indexed path, when the request is not placed at once
        java.util.function.Supplier<List<NodeCapacity>> all = memo(() -> Bookings.withoutReserved(batch.capacity(),
                batch.reserved, requestedAt,
                requestedAt.plus(config.podStartTimeout()).plusSeconds(r.durationMinutes() * 60L)));
        Optional<PriceFilter.Prices> prices = r.maxPricePerHour() == null ? Optional.empty() : priceCatalog.current();
        java.util.function.Supplier<PriceFilter.Filtered> priced = memo(() -> priced(placementRequest,
                r.maxPricePerHour(), all.get(), prices));
        PlacementResult result = timers.placement(AllocationTimers.Path.REQUEST).record(() -> indexed
                ? batch.planIndexed(placementRequest)
                : plan(placementRequest, priced.get().snapshot(), prices, r.maxPricePerHour(), policies));
        if (!result.isPlaced() && !interruptible) {
            // the victims are read from the rows: the batch's earlier leases must be there, devices marked
            batch.writes.apply();
        }
        Optional<Preemption.Plan> preemption = result.isPlaced() || interruptible ? Optional.empty()
                : Preemption.plan(placementRequest, priority, priced.get().snapshot(), victims(), policies);
        List<String> reasons = result.isPlaced() ? List.of() : reasons(result, priced.get(), r.maxPricePerHour(),
                prices);
        // admission counts what the lease gets when it is placed now (a slice's share, where it landed), else whole
        // devices wherever it asked for (what it gets later is not known yet)
        Optional<Placement> landing = result.placement().or(() -> preemption.map(Preemption.Plan::placement));
        admit(r, landing.map(p -> p.node().region()).orElse(r.region()),
                landing.map(p -> p.firstDevice().vendor()).orElse(r.vendor()),
                landing.map(Placement::share).orElse(BigDecimal.ONE));
        // whether it could ever fit: feasibility is the same under every policy, so binpack answers it
        if (result.placement().isEmpty() && preemption.isEmpty() && (maxWait == 0 || !Planner.plan(placementRequest,
                priced(placementRequest, r.maxPricePerHour(), all.get().stream().map(NodeCapacity::allFree).toList(),
                        prices).snapshot()).isPlaced())) {
            throw new InsufficientCapacityException(reasons);
        }

        batch.writing = true;
        Instant now = requestedAt;
        LeaseEntity lease = newLease(r, memoryMiB, workload, placementRequest, priority, interruptible, now);
        if (result.placement().isPresent()) {
            // the allocation is a bulk update the model does not see: the next request of the batch plans on this
            batch.took(allocate(lease, result.placement().get(), now, batch.writes));
        } else if (preemption.isPresent()) {
            batch.took(preemptFor(lease, preemption.get(), now, batch.writes));
        } else {
            lease.state = LeaseState.QUEUED;
            lease.queueDeadline = now.plus(java.time.Duration.ofMinutes(maxWait));
            lease.persist();
            em.flush();
            lease.pendingReasons = String.join("\n", pendingReasons(lease, reasons));
        }
        return LeaseView.of(lease);
    }

    /** The tenant's budget and quotas against this request, counting {@code share} of each device. */
    private void admit(LeaseRequest r, String region, io.computenet.contracts.inventory.Vendor vendor,
                       BigDecimal share) {
        timers.admission(AllocationTimers.Path.REQUEST).record(() -> limits.admit(r.tenantId(), r.deviceCount(),
                java.time.Duration.ofMinutes(r.durationMinutes()), region, vendor, share));
    }

    private LeaseEntity newLease(LeaseRequest r, long memoryMiB, WorkloadClass workload,
                                 PlacementRequest placementRequest, int priority, boolean interruptible, Instant now) {
        LeaseEntity lease = new LeaseEntity();
        lease.leaseId = newLeaseId();
        lease.tenantId = r.tenantId();
        lease.memoryMiBPerDevice = memoryMiB;
        lease.deviceCount = r.deviceCount();
        lease.requestedRegion = r.region();
        lease.requestedVendor = r.vendor();
        lease.workloadClass = workload;
        lease.sharing = placementRequest.sharing();
        lease.computePct = placementRequest.computePct();
        lease.requestedModel = placementRequest.model();
        lease.requestedProfile = placementRequest.sliceProfile();
        lease.requiredFramework = placementRequest.framework();
        lease.maxPricePerHour = r.maxPricePerHour();
        lease.image = r.image() == null || r.image().isBlank() ? config.defaultImage() : r.image();
        lease.command = r.command() == null || r.command().isEmpty() ? null : String.join("\u001f", r.command());
        lease.durationSeconds = r.durationMinutes() * 60L;
        lease.priority = priority;
        lease.interruptible = interruptible;
        lease.podNamespace = config.namespace();
        lease.podName = PodFactory.podName(lease.leaseId);
        lease.requestedAt = now;
        return lease;
    }

    /**
     * One pass over the queue, highest priority first, then fair share between tenants ({@link FairShare}: the tenant
     * holding least goes next), then oldest: places every queued lease that fits now (a later, smaller lease may
     * start before an earlier one that does not fit yet), fails those past their deadline (uncharged) and refreshes
     * the reasons of the rest.
     *
     * @return the number of leases placed
     */
    @Transactional
    public int placeQueued() {
        if (LeaseEntity.count("state = " + LeaseEntity.state(LeaseState.QUEUED)) == 0) {
            return 0;
        }
        lockAllocation(AllocationTimers.Path.QUEUE);
        Instant now = clock.instant();
        List<LeaseEntity> queued = LeaseEntity.list("state = " + LeaseEntity.state(LeaseState.QUEUED)
                + " order by priority desc, requestedAt, leaseId");
        Map<String, LeaseEntity> waiting = new java.util.LinkedHashMap<>();
        for (LeaseEntity lease : queued) {
            if (!lease.queueDeadline.isAfter(now)) {
                end(lease, LeaseState.FAILED, now, "waited in the queue until " + lease.queueDeadline
                        + " without fitting: " + String.join("; ", lease.pendingReasonList()));
            } else {
                waiting.put(lease.leaseId, lease);
            }
        }
        if (waiting.isEmpty()) {
            return 0;
        }
        var snapshot = new java.util.concurrent.atomic.AtomicReference<>(
                timers.snapshot(AllocationTimers.Path.QUEUE).record(snapshots::current));
        List<Bookings.Reservation> reserved = reservations();
        PolicyChoice policies = placementPolicies.current();
        int[] placed = {0};
        FairShare.offer(waiting.values().stream().map(l -> new FairShare.Queued(l.leaseId, l.tenantId, l.priority,
                l.requestedAt, BigDecimal.valueOf(l.deviceCount))).toList(), heldByTenant(), q -> {
            LeaseEntity lease = waiting.get(q.leaseId());
            PlacementRequest request = lease.placementRequest();
            Optional<PriceFilter.Prices> prices = lease.maxPricePerHour == null ? Optional.empty()
                    : priceCatalog.current();
            PriceFilter.Filtered priced = priced(request, lease.maxPricePerHour, Bookings.withoutReserved(
                    snapshot.get(), reserved, now, now.plus(config.podStartTimeout()).plusSeconds(
                            lease.durationSeconds)), prices);
            PlacementResult result = timers.placement(AllocationTimers.Path.QUEUE)
                    .record(() -> plan(request, priced.snapshot(), prices, lease.maxPricePerHour, policies));
            Optional<Preemption.Plan> preemption = result.isPlaced() || lease.interruptible ? Optional.empty()
                    : Preemption.plan(request, lease.priority, priced.snapshot(), victims(), policies);
            if (preemption.isPresent()) {
                // the victims' devices already showed as taken in this pass's snapshot; now the new lease holds them
                Writes writes = new Writes();
                snapshot.set(preemptFor(lease, preemption.get(), now, writes).applyTo(snapshot.get()));
                writes.apply();
            } else if (result.placement().isPresent()) {
                // the allocation is a bulk update the persistence context does not see: apply it to this pass's
                // snapshot instead of reading it again
                snapshot.set(allocate(lease, result.placement().get(), now).applyTo(snapshot.get()));
            } else {
                String reasons = String.join("\n", pendingReasons(lease, reasons(result, priced,
                        lease.maxPricePerHour, prices)));
                if (!reasons.equals(lease.pendingReasons)) {
                    lease.pendingReasons = reasons;
                }
                return false;
            }
            placed[0]++;
            return true;
        });
        return placed[0];
    }

    /**
     * The planner's choice under each cluster's placement policy; with a price ceiling, cheapest fit instead
     * ({@link Quotes#cheapest}: what the portal's quotes list first, the policy choosing within each group), so the
     * lease does not get a dearer device that merely wastes less.
     */
    private static PlacementResult plan(PlacementRequest request, List<NodeCapacity> snapshot,
                                        Optional<PriceFilter.Prices> prices, BigDecimal maxPricePerHour,
                                        PolicyChoice policies) {
        PlacementResult result = Planner.plan(request, snapshot, policies);
        if (maxPricePerHour == null || prices.isEmpty() || !result.isPlaced()) {
            return result;
        }
        return Quotes.cheapest(request, snapshot, prices.get(), policies)
                .map(p -> new PlacementResult(Optional.of(p), List.of())).orElse(result);
    }

    /**
     * The snapshot with only what a price ceiling allows; without prices (billing unreadable) nothing is allowed,
     * so such a lease waits rather than risk a price it did not accept.
     */
    private static PriceFilter.Filtered priced(PlacementRequest request, BigDecimal maxPricePerHour,
                                               List<NodeCapacity> snapshot, Optional<PriceFilter.Prices> prices) {
        return PriceFilter.apply(request, snapshot, prices.orElse((o, r, m) -> Optional.empty()), maxPricePerHour);
    }

    private static List<String> reasons(PlacementResult result, PriceFilter.Filtered priced,
                                        BigDecimal maxPricePerHour, Optional<PriceFilter.Prices> prices) {
        if (result.isPlaced() || maxPricePerHour == null) {
            return result.reasons();
        }
        List<String> reasons = new java.util.ArrayList<>(result.reasons());
        if (prices.isEmpty()) {
            reasons.add("the price books cannot be read from billing right now, so nothing can be checked against "
                    + "the ceiling of " + maxPricePerHour.toPlainString() + " per hour");
        } else {
            reasons.addAll(priced.reasons(maxPricePerHour));
        }
        return reasons;
    }

    /** What each tenant holds now: devices x share of its live leases (fair share between tenants in the queue). */
    private Map<String, BigDecimal> heldByTenant() {
        Map<String, BigDecimal> held = new java.util.HashMap<>();
        List<Object[]> rows = em.createQuery("select l.tenantId, sum(l.deviceCount * l.share) from LeaseEntity l"
                + " where l.state in " + LeaseEntity.LIVE_STATES + " group by l.tenantId", Object[].class)
                .getResultList();
        for (Object[] r : rows) {
            held.put((String) r[0], r[1] instanceof BigDecimal b ? b : new BigDecimal(r[1].toString()));
        }
        return held;
    }


    /** Longest a lease may be booked for, renewals included. */
    static final java.time.Duration MAX_BOOKING = java.time.Duration.ofDays(30);

    /**
     * Extends a live lease by {@code minutes}: it keeps its devices (nothing else can hold them meanwhile, so no
     * capacity check is needed), as long as the tenant's monthly budget allows the extra device-hours and the whole
     * booking stays within 30 days.
     */
    @Transactional
    public LeaseView renew(String leaseId, String tenantId, int minutes) {
        LeaseEntity lease = ownedForUpdate(leaseId, tenantId);
        if (lease.state.isTerminal()) {
            throw new io.computenet.problem.ProblemException(409, "lease-ended", "Lease has ended",
                    "lease " + leaseId + " is " + lease.state + " and cannot be renewed", List.of());
        }
        if (lease.drainDeadline != null) {
            throw new io.computenet.problem.ProblemException(409, "node-draining", "Node draining",
                    "lease " + leaseId + " runs on node " + lease.nodeId + ", which its operator is taking out of "
                            + "service: the lease ends at " + lease.drainDeadline + " at the latest and cannot be "
                            + "renewed; request a new lease to continue elsewhere", List.of());
        }
        long extension = minutes * 60L;
        if (lease.durationSeconds + extension > MAX_BOOKING.toSeconds()) {
            throw new io.computenet.problem.ProblemException(409, "booking-too-long", "Booking too long",
                    "a lease is booked for at most " + MAX_BOOKING.toDays() + " days; it has "
                            + lease.durationSeconds / 60 + " minutes", List.of());
        }
        boolean booked = lease.state == LeaseState.BOOKED;
        if (lease.nodeId != null || booked && lease.reservedNodeId != null) {
            Instant from = booked ? lease.startsAt : clock.instant();
            Instant currentEnd = lease.endsAt != null ? lease.endsAt : booked ? from.plusSeconds(lease.durationSeconds)
                    : from.plus(config.podStartTimeout()).plusSeconds(lease.durationSeconds);
            Optional<Bookings.Reservation> conflict = Bookings.conflict(lease.leaseId,
                    booked ? lease.reservedNodeId : lease.nodeId,
                    booked ? lease.reservedDeviceKeyList() : lease.deviceKeyList(), from,
                    currentEnd.plusSeconds(extension), reservations());
            if (conflict.isPresent()) {
                throw new io.computenet.problem.ProblemException(409, "devices-booked", "Devices booked",
                        "the lease's devices are booked from " + conflict.get().start() + "; it can run until then",
                        List.of());
            }
        }
        limits.admitExtension(tenantId, lease.deviceCount, java.time.Duration.ofSeconds(extension));
        lease.durationSeconds += extension;
        if (lease.endsAt != null) {
            lease.endsAt = lease.endsAt.plusSeconds(extension);
        }
        return LeaseView.of(lease);
    }

    /** How far ahead a lease may be booked. */
    static final java.time.Duration MAX_ADVANCE = java.time.Duration.ofDays(30);

    /**
     * Books a lease for a window in the future: whole devices that will be free for the whole window (held now only by
     * leases that end before it, reserved by no overlapping booking) are reserved until it starts.
     */
    private LeaseView book(LeaseRequest r, long memoryMiB, WorkloadClass workload, Instant now) {
        Instant start = r.startAt();
        if (start.isBefore(now.plus(config.bookingMinLead())) || start.isAfter(now.plus(MAX_ADVANCE))) {
            throw new io.computenet.problem.ProblemException(400, "invalid-request", "Invalid request",
                    "startAt must be between " + config.bookingMinLead().toSeconds() + " s and " + MAX_ADVANCE.toDays()
                            + " days ahead, was " + start, List.of());
        }
        if (r.sliceProfile() != null || r.computePct() != null) {
            throw new io.computenet.problem.ProblemException(400, "invalid-request", "Invalid request",
                    "an advance booking reserves whole devices: sliceProfile and computePct are for leases that "
                            + "start now", List.of());
        }
        PlacementRequest request = new PlacementRequest(memoryMiB, r.deviceCount(), r.region(), r.vendor(), workload,
                null, r.model(), null, io.computenet.placement.Sharing.WHOLE,
                LeaseRequest.parseFramework(r.framework()));
        Instant end = start.plusSeconds(r.durationMinutes() * 60L);
        Optional<PriceFilter.Prices> prices = r.maxPricePerHour() == null ? Optional.empty() : priceCatalog.current();
        PriceFilter.Filtered priced = priced(request, r.maxPricePerHour(), Bookings.forWindow(snapshots.current(),
                holdings(now), reservations(), start, end), prices);
        PlacementResult result = Planner.plan(request, priced.snapshot(), placementPolicies.current());
        if (result.placement().isEmpty()) {
            throw new InsufficientCapacityException(reasons(result, priced, r.maxPricePerHour(), prices).stream()
                    .map(reason -> "from " + start + " to " + end + ": " + reason).toList());
        }
        int priority = r.priority() == null ? LeaseRequest.DEFAULT_PRIORITY : r.priority();
        LeaseEntity lease = newLease(r, memoryMiB, workload, request, priority, Boolean.TRUE.equals(r.interruptible()),
                now);
        lease.state = LeaseState.BOOKED;
        lease.startsAt = start;
        lease.reservedNodeId = result.placement().get().node().nodeId();
        lease.reservedDeviceKeys = result.placement().get().devices().stream().map(DeviceSlot::deviceKey)
                .collect(Collectors.joining(","));
        lease.persist();
        return LeaseView.of(lease);
    }

    /**
     * Starts the bookings that are due: on their reserved devices, or when those were lost (node failed, drained,
     * device gone) wherever the lease fits now; a booking that fits nowhere fails, uncharged.
     *
     * @return the number of bookings started
     */
    @Transactional
    public int startBookings() {
        Instant now = clock.instant();
        if (LeaseEntity.count("state = " + LeaseEntity.state(LeaseState.BOOKED) + " and startsAt <= ?1", now) == 0) {
            return 0;
        }
        lockAllocation();
        List<LeaseEntity> due = LeaseEntity.list("state = " + LeaseEntity.state(LeaseState.BOOKED)
                + " and startsAt <= ?1 order by startsAt, leaseId", now);
        List<NodeCapacity> snapshot = snapshots.current();
        PolicyChoice policies = placementPolicies.current();
        int started = 0;
        for (LeaseEntity candidate : due) {
            LeaseEntity lease = LeaseEntity.findById(candidate.leaseId, LockModeType.PESSIMISTIC_WRITE);
            if (lease == null || lease.state != LeaseState.BOOKED) {
                continue; // released meanwhile
            }
            Optional<Placement> reserved = reservedPlacement(lease, snapshot);
            Optional<Placement> placement = reserved.isPresent() ? reserved : Planner.plan(lease.placementRequest(),
                    Bookings.withoutReserved(snapshot, reservations().stream()
                            .filter(r -> !r.leaseId().equals(lease.leaseId)).toList(), now,
                            now.plus(config.podStartTimeout()).plusSeconds(lease.durationSeconds)), policies)
                    .placement();
            if (placement.isEmpty()) {
                end(lease, LeaseState.FAILED, now, "the devices booked on " + lease.reservedNodeId
                        + " are no longer available and nothing else fits now");
                continue;
            }
            snapshot = allocate(lease, placement.get(), now).applyTo(snapshot);
            started++;
        }
        return started;
    }

    private static Optional<Placement> reservedPlacement(LeaseEntity lease, List<NodeCapacity> snapshot) {
        for (NodeCapacity node : snapshot) {
            if (!node.nodeId().equals(lease.reservedNodeId) || !node.schedulable()) {
                continue;
            }
            List<DeviceSlot> devices = node.devices().stream()
                    .filter(d -> lease.reservedDeviceKeyList().contains(d.deviceKey()) && d.free()).toList();
            if (devices.size() == lease.deviceCount) {
                return Optional.of(new Placement(node, devices));
            }
        }
        return Optional.empty();
    }

    /** What advance bookings reserve, for their windows. */
    private List<Bookings.Reservation> reservations() {
        return LeaseEntity.<LeaseEntity>list("state = " + LeaseEntity.state(LeaseState.BOOKED)).stream()
                .map(l -> new Bookings.Reservation(l.leaseId, l.reservedNodeId, l.reservedDeviceKeyList(),
                        l.startsAt, l.startsAt.plusSeconds(l.durationSeconds))).toList();
    }

    /** What live leases hold now and until when (before a lease runs: its start timeout plus its duration). */
    private List<Bookings.Holding> holdings(Instant now) {
        List<LeaseEntity> live = LeaseEntity.list("state in " + LeaseEntity.LIVE_STATES);
        return live.stream().map(l -> new Bookings.Holding(l.nodeId, l.deviceKeyList(), l.endsAt != null ? l.endsAt
                : (l.scheduledAt != null ? l.scheduledAt : now).plus(config.podStartTimeout())
                .plusSeconds(l.durationSeconds))).toList();
    }

    /** Live interruptible leases that hold devices: what an on-demand lease may preempt. */
    private List<Preemption.Victim> victims() {
        List<LeaseEntity> live = LeaseEntity.list("interruptible = true and state in " + LeaseEntity.LIVE_STATES);
        return live.stream().map(l -> new Preemption.Victim(l.leaseId, l.nodeId, l.deviceKeyList(), l.priority,
                l.startedAt != null ? l.startedAt : l.scheduledAt, l.sliceMode != null)).toList();
    }

    /** Ends the victims as preempted (their lease.ended events are the notice) and places the lease there. */
    private Booked preemptFor(LeaseEntity lease, Preemption.Plan plan, Instant now, Writes writes) {
        for (Preemption.Victim v : plan.victims()) {
            LeaseEntity victim = LeaseEntity.findById(v.leaseId(), LockModeType.PESSIMISTIC_WRITE);
            if (victim != null && !victim.state.isTerminal()) {
                end(victim, LeaseState.PREEMPTED, now, "preempted by on-demand lease " + lease.leaseId
                        + " at priority " + lease.priority);
            }
        }
        return allocate(lease, plan.placement(), now, writes);
    }

    /** The planner's reasons plus the lease's place in the queue. */
    private List<String> pendingReasons(LeaseEntity lease, List<String> plannerReasons) {
        long ahead = LeaseEntity.count("state = " + LeaseEntity.state(LeaseState.QUEUED)
                + " and (priority > ?1 or (priority = ?1 and requestedAt < ?2))", lease.priority, lease.requestedAt);
        List<String> reasons = new java.util.ArrayList<>(plannerReasons);
        reasons.add("position " + (ahead + 1) + " in the queue (priority " + lease.priority + "); waits until "
                + lease.queueDeadline);
        return reasons;
    }

    /** Serialises allocation across scheduler instances for the rest of the transaction (also taken by drains). */
    void lockAllocation() {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, ALLOCATION_LOCK).getSingleResult();
    }

    /**
     * Serialises allocation across scheduler instances for the rest of the transaction; times the wait for the lock
     * and how long the transaction then holds it.
     */
    private void lockAllocation(AllocationTimers.Path path) {
        timers.lockWait(path).record(() -> em.createNativeQuery("select pg_advisory_xact_lock(?1)")
                .setParameter(1, ALLOCATION_LOCK).getSingleResult());
        timers.heldUntilTransactionEnds(path);
    }

    /** What a booking did to the devices of one node, to apply to a snapshot read before it. */
    record Booked(String nodeId, List<DeviceSlot> devices) {
        List<NodeCapacity> applyTo(List<NodeCapacity> snapshot) {
            return NodeCapacity.withDevices(snapshot, nodeId, devices);
        }
    }

    /** Places the lease and writes its allocation now. */
    private Booked allocate(LeaseEntity lease, Placement placement, Instant now) {
        Writes writes = new Writes();
        Booked booked = allocate(lease, placement, now, writes);
        writes.apply();
        return booked;
    }

    /**
     * Places the lease: its row is persisted; marking whole devices or recording its slice, and the
     * {@code lease.scheduled} event, go to {@code writes}, to be written before the transaction ends.
     */
    private Booked allocate(LeaseEntity lease, Placement placement, Instant now, Writes writes) {
        lease.state = LeaseState.SCHEDULED;
        lease.region = placement.node().region();
        lease.cluster = placement.node().cluster();
        lease.nodeId = placement.node().nodeId();
        lease.operatorId = placement.node().operatorId();
        lease.vendor = placement.firstDevice().vendor();
        lease.deviceModel = placement.firstDevice().model();
        lease.deviceMemoryMiB = placement.firstDevice().memoryMiB();
        lease.deviceKeys = placement.devices().stream().map(DeviceSlot::deviceKey).collect(Collectors.joining(","));
        lease.scheduledAt = now;
        lease.pendingReasons = null;
        lease.persist();
        if (placement.slice() != null) {
            return allocateSlice(lease, placement, now, writes);
        }
        // whole devices: conditional, so a device another transaction took is never handed out twice; devices with
        // slices on them are not free in the snapshot, which is read under the same allocation lock
        writes.take(lease);
        writes.announce(scheduled(lease, now));
        return new Booked(lease.nodeId, placement.devices().stream().map(d -> d.withFree(false)).toList());
    }

    /**
     * What allocations leave to be written before their transaction ends: the whole devices each lease takes, the
     * slices cut, and the {@code lease.scheduled} events, written with one statement each (and one to lock the
     * devices, in id order, and one to check the sliced devices) instead of two to four per lease. Rows are read
     * back only after {@link #apply}: a batch applies it before it reads leases or devices from the database again
     * (preemption victims) and before it commits.
     */
    final class Writes {
        /** A lease taking these devices of its node whole. */
        private record Take(String leaseId, String nodeId, List<String> deviceKeys) {
        }

        /** A slice cut from a device of a node. */
        private record Cut(String nodeId, String deviceKey, io.computenet.placement.slices.Allocation allocation) {
        }

        private final List<Take> takes = new java.util.ArrayList<>();
        private final List<Cut> cuts = new java.util.ArrayList<>();
        private final List<LeaseEvent> events = new java.util.ArrayList<>();

        /** A slice cut from a device no lease holds whole (checked when written). */
        void cut(String nodeId, String deviceKey, io.computenet.placement.slices.Allocation allocation) {
            cuts.add(new Cut(nodeId, deviceKey, allocation));
        }

        void take(LeaseEntity lease) {
            takes.add(new Take(lease.leaseId, lease.nodeId, lease.deviceKeyList()));
        }

        /** Whether a lease of this batch takes the device whole (not yet written). */
        boolean takes(String nodeId, String deviceKey) {
            return takes.stream().anyMatch(t -> t.nodeId().equals(nodeId) && t.deviceKeys().contains(deviceKey));
        }

        void announce(LeaseEvent event) {
            events.add(event);
        }

        /** Writes what is pending (the persistence context first); fails when a device was no longer free. */
        void apply() {
            if (takes.isEmpty() && events.isEmpty() && cuts.isEmpty()) {
                return;
            }
            em.flush();
            if (!takes.isEmpty()) {
                Map<String, Integer> marked = em.unwrap(org.hibernate.Session.class).doReturningWork(this::mark);
                for (Take t : takes) {
                    int got = marked.getOrDefault(t.leaseId(), 0);
                    if (got != t.deviceKeys().size()) {
                        throw new IllegalStateException("allocation of " + t.deviceKeys().size() + " device(s) on "
                                + t.nodeId() + " to " + t.leaseId() + " found only " + got + " free");
                    }
                }
            }
            if (!cuts.isEmpty()) {
                em.unwrap(org.hibernate.Session.class).doWork(this::recordSlices);
            }
            outbox.addAll(Topics.LEASE_EVENTS, events);
            takes.clear();
            cuts.clear();
            events.clear();
        }

        /**
         * Records the slices, after checking (once the batch's whole devices are marked) that no lease holds their
         * devices whole and that the devices still exist.
         */
        private void recordSlices(java.sql.Connection c) throws java.sql.SQLException {
            java.sql.Array nodes = c.createArrayOf("varchar", cuts.stream().map(Cut::nodeId).toArray());
            java.sql.Array keys = c.createArrayOf("varchar", cuts.stream().map(Cut::deviceKey).toArray());
            java.util.Set<String> free = new java.util.HashSet<>();
            try (var s = c.prepareStatement("select d.node_id, d.device_key from devices d"
                    + " join unnest(?, ?) as u(node_id, device_key)"
                    + " on d.node_id = u.node_id and d.device_key = u.device_key where d.lease_id is null")) {
                s.setArray(1, nodes);
                s.setArray(2, keys);
                try (var r = s.executeQuery()) {
                    while (r.next()) {
                        free.add(r.getString(1) + "\u0000" + r.getString(2));
                    }
                }
            }
            for (Cut cut : cuts) {
                if (!free.contains(cut.nodeId() + "\u0000" + cut.deviceKey())) {
                    throw new IllegalStateException("device " + cut.deviceKey() + " on " + cut.nodeId()
                            + " is held whole or gone");
                }
            }
            try (var s = c.prepareStatement("insert into slice_allocations (lease_id, node_id, device_key, mode,"
                    + " profile, memory_mib, compute, first_slot, slot_count)"
                    + " select * from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setArray(1, c.createArrayOf("varchar", cuts.stream().map(x -> x.allocation().id()).toArray()));
                s.setArray(2, nodes);
                s.setArray(3, keys);
                s.setArray(4, c.createArrayOf("varchar", cuts.stream().map(x -> x.allocation().mode().name())
                        .toArray()));
                s.setArray(5, c.createArrayOf("varchar", cuts.stream().map(x -> x.allocation().profile()).toArray()));
                s.setArray(6, c.createArrayOf("bigint", cuts.stream().map(x -> x.allocation().memoryMiB())
                        .toArray()));
                s.setArray(7, c.createArrayOf("int4", cuts.stream().map(x -> x.allocation().compute()).toArray()));
                s.setArray(8, c.createArrayOf("int4", cuts.stream().map(x -> x.allocation().firstSlot()).toArray()));
                s.setArray(9, c.createArrayOf("int4", cuts.stream().map(x -> x.allocation().slotCount()).toArray()));
                s.executeUpdate();
            }
        }

        /** Locks the devices in id order (as heartbeats and releases do), then marks the free ones. */
        private Map<String, Integer> mark(java.sql.Connection c) throws java.sql.SQLException {
            List<String> leaseIds = new java.util.ArrayList<>();
            List<String> nodeIds = new java.util.ArrayList<>();
            List<String> deviceKeys = new java.util.ArrayList<>();
            for (Take t : takes) {
                for (String key : t.deviceKeys()) {
                    leaseIds.add(t.leaseId());
                    nodeIds.add(t.nodeId());
                    deviceKeys.add(key);
                }
            }
            java.sql.Array nodes = c.createArrayOf("varchar", nodeIds.toArray());
            java.sql.Array keys = c.createArrayOf("varchar", deviceKeys.toArray());
            try (var s = c.prepareStatement("select d.id from devices d join unnest(?, ?) as u(node_id, device_key)"
                    + " on d.node_id = u.node_id and d.device_key = u.device_key"
                    + " order by d.id for no key update of d")) {
                s.setArray(1, nodes);
                s.setArray(2, keys);
                s.executeQuery().close();
            }
            Map<String, Integer> marked = new java.util.HashMap<>();
            try (var s = c.prepareStatement("update devices d set lease_id = u.lease_id"
                    + " from unnest(?, ?, ?) as u(lease_id, node_id, device_key)"
                    + " where d.node_id = u.node_id and d.device_key = u.device_key and d.lease_id is null"
                    + " returning u.lease_id")) {
                s.setArray(1, c.createArrayOf("varchar", leaseIds.toArray()));
                s.setArray(2, nodes);
                s.setArray(3, keys);
                try (var r = s.executeQuery()) {
                    while (r.next()) {
                        marked.merge(r.getString(1), 1, Integer::sum);
                    }
                }
            }
            return marked;
        }
    }

    /** Cuts the planned slice with the lease's id from the device's current state and records it. */
    private Booked allocateSlice(LeaseEntity lease, Placement placement, Instant now, Writes writes) {
        SliceChoice choice = placement.slice();
        DeviceSlot device = placement.firstDevice();
        Fit fit = SliceArithmetic.fit(device.slices(), choice.request(), lease.leaseId);
        if (!(fit instanceof Fit.Placed placed)) {
            throw new IllegalStateException("slice " + choice.request() + " no longer fits " + device.deviceKey()
                    + " on " + lease.nodeId + ": " + ((Fit.Rejected) fit).reason());
        }
        if (writes.takes(lease.nodeId, device.deviceKey())) {
            throw new IllegalStateException("device " + device.deviceKey() + " on " + lease.nodeId
                    + " is taken whole by an earlier lease of this batch");
        }
        writes.cut(lease.nodeId, device.deviceKey(), placed.allocation()); // checked against the rows when written
        lease.sliceMode = placed.allocation().mode();
        lease.sliceProfile = placed.allocation().profile();
        lease.sliceMemoryMiB = placed.allocation().memoryMiB();
        lease.sliceCompute = placed.allocation().compute();
        lease.sliceResource = choice.profile() == null ? null : choice.profile().resourceName();
        lease.share = choice.share();
        lease.computeFraction = choice.computeFraction();
        writes.announce(scheduled(lease, now));
        return new Booked(lease.nodeId, List.of(DeviceSlot.sliceable(device.deviceKey(),
                placed.state())));
    }

    /** Leases that still need the reconciler: live ones, and ended ones whose Pod is not yet deleted. */
    @Transactional
    public List<LeaseEntity> needingReconcile() {
        return LeaseEntity.list("state in " + LeaseEntity.LIVE_STATES + " or (podDeleted = false and state in "
                + LeaseEntity.ENDED_STATES + ")");
    }

    /**
     * The starting or running lease whose Pod this is, if any. The Pod's lease label is the lease id (ids are lower
     * case, as labels keep them), so this is a primary-key read; the Pod's name is the fallback.
     */
    @Transactional
    public Optional<LeaseEntity> liveLeaseOfPod(String leaseLabel, String region, String podNamespace,
                                                String podName) {
        LeaseEntity byLabel = leaseLabel == null ? null : LeaseEntity.findById(leaseLabel);
        if (byLabel != null) {
            return livePodOf(byLabel, region, podNamespace, podName) ? Optional.of(byLabel) : Optional.empty();
        }
        return LeaseEntity.<LeaseEntity>find("state in "
                + LeaseEntity.states(LIVE_POD_STATES.toArray(LeaseState[]::new))
                + " and region = ?1 and podNamespace = ?2 and podName = ?3", region, podNamespace, podName)
                .firstResultOptional();
    }

    private static final List<LeaseState> LIVE_POD_STATES = List.of(LeaseState.STARTING, LeaseState.RUNNING);

    private static boolean livePodOf(LeaseEntity lease, String region, String podNamespace, String podName) {
        return lease.region != null && lease.region.equals(region) && podNamespace.equals(lease.podNamespace)
                && podName.equals(lease.podName) && LIVE_POD_STATES.contains(lease.state);
    }

    /**
     * {@link #liveLeaseOfPod} for many Pods in one transaction: the leases named by the Pods' labels in one read
     * (a Pod without a label, or whose label names no lease, is looked up by its name, as there). Pods of no live
     * lease are absent from the map.
     */
    @Transactional
    public Map<io.computenet.scheduler.kubernetes.PodChanged, LeaseEntity> liveLeasesOfPods(
            List<io.computenet.scheduler.kubernetes.PodChanged> pods) {
        List<String> labels = pods.stream().map(io.computenet.scheduler.kubernetes.PodChanged::leaseId)
                .filter(java.util.Objects::nonNull).distinct().toList();
        Map<String, LeaseEntity> byId = labels.isEmpty() ? Map.of() : LeaseEntity.<LeaseEntity>list(
                "leaseId in ?1", labels).stream().collect(Collectors.toMap(l -> l.leaseId, l -> l));
        Map<io.computenet.scheduler.kubernetes.PodChanged, LeaseEntity> live = new java.util.HashMap<>();
        for (var pod : pods) {
            LeaseEntity lease = pod.leaseId() == null ? null : byId.get(pod.leaseId());
            if (lease == null) {
                liveLeaseOfPod(null, pod.region(), pod.namespace(), pod.name()).ifPresent(l -> live.put(pod, l));
            } else if (livePodOf(lease, pod.region(), pod.namespace(), pod.name())) {
                live.put(pod, lease);
            }
        }
        return live;
    }

    @Transactional
    public LeaseView get(String leaseId, String tenantId) {
        return LeaseView.of(owned(leaseId, tenantId));
    }

    @Transactional
    public List<LeaseView> list(String tenantId) {
        return LeaseEntity.<LeaseEntity>list("tenantId = ?1 order by requestedAt desc", tenantId).stream()
                .map(LeaseView::of).toList();
    }

    /** Ends a lease at the tenant's request; releasing an ended lease changes nothing. */
    @Transactional
    public LeaseView release(String leaseId, String tenantId) {
        LeaseEntity lease = ownedForUpdate(leaseId, tenantId);
        if (!lease.state.isTerminal()) {
            end(lease, LeaseState.RELEASED, clock.instant(), "released by tenant");
        }
        return LeaseView.of(lease);
    }

    private LeaseEntity owned(String leaseId, String tenantId) {
        return checkedOwner(LeaseEntity.findById(leaseId), leaseId, tenantId);
    }

    /**
     * Reads the lease under a row lock, so the state acted on is the current one. (Loading first and locking after
     * would compare versions and fail with a stale-state error whenever the reconciler changed the lease between.)
     */
    private LeaseEntity ownedForUpdate(String leaseId, String tenantId) {
        return checkedOwner(LeaseEntity.findById(leaseId, LockModeType.PESSIMISTIC_WRITE), leaseId, tenantId);
    }

    private static LeaseEntity checkedOwner(LeaseEntity lease, String leaseId, String tenantId) {
        if (lease == null || (tenantId != null && !tenantId.equals(lease.tenantId))) {
            throw new LeaseNotFoundException(leaseId);
        }
        return lease;
    }

    /** The workload is running: metering starts now. */
    @Transactional
    public void markRunning(String leaseId, Instant at) {
        LeaseEntity lease = LeaseEntity.findById(leaseId, LockModeType.PESSIMISTIC_WRITE);
        if (lease == null || (lease.state != LeaseState.SCHEDULED && lease.state != LeaseState.STARTING)) {
            return;
        }
        lease.state = LeaseState.RUNNING;
        lease.startedAt = at;
        lease.endsAt = at.plusSeconds(lease.durationSeconds);
        publish(LeaseEvent.TYPE_STARTED, lease, at);
    }

    @Transactional
    public void markStarting(String leaseId) {
        LeaseEntity lease = LeaseEntity.findById(leaseId, LockModeType.PESSIMISTIC_WRITE);
        if (lease != null && lease.state == LeaseState.SCHEDULED) {
            lease.state = LeaseState.STARTING;
        }
    }

    /** Ends a live lease in a terminal state at an exact instant (billing stops there). */
    @Transactional
    public void endLease(String leaseId, LeaseState state, Instant at, String reason) {
        LeaseEntity lease = LeaseEntity.findById(leaseId, LockModeType.PESSIMISTIC_WRITE);
        if (lease != null && !lease.state.isTerminal()) {
            end(lease, state, at, reason);
        }
    }

    /** Records that these leases' Pods were deleted: one statement, one transaction (a version step each). */
    @Transactional
    public void markPodsDeleted(List<String> leaseIds) {
        if (leaseIds.isEmpty()) {
            return;
        }
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            java.sql.Array ids = connection.createArrayOf("varchar", leaseIds.toArray());
            try (var update = connection.prepareStatement("update leases set pod_deleted = true,"
                    + " version = version + 1 where lease_id = any(?) and not pod_deleted")) {
                update.setArray(1, ids);
                update.executeUpdate();
            } finally {
                ids.free();
            }
        });
    }

    private void end(LeaseEntity lease, LeaseState state, Instant at, String reason) {
        lease.state = state;
        // a lease that never ran is not charged: it keeps a null start
        lease.endedAt = lease.startedAt != null && at.isBefore(lease.startedAt) ? lease.startedAt : at;
        lease.reason = reason;
        if (lease.nodeId == null) {
            // never placed: no Pod, no devices, and nothing announced (lease events describe placed leases)
            lease.podDeleted = true;
            return;
        }
        freeDevicesOf(lease.leaseId);
        publish(LeaseEvent.TYPE_ENDED, lease, clock.instant());
    }

    /**
     * Frees the lease's devices and deletes its slices with one statement: the devices are locked in id order first,
     * as every writer of device rows locks them (heartbeats and allocations too), so no two transactions deadlock.
     * The persistence context is flushed first, as the bulk statements this replaces did.
     */
    private void freeDevicesOf(String leaseId) {
        em.flush();
        em.unwrap(org.hibernate.Session.class).doWork(c -> {
            try (var s = c.prepareStatement("with locked as (select id from devices where lease_id = ? order by id"
                    + " for no key update), freed as (update devices d set lease_id = null from locked"
                    + " where d.id = locked.id) delete from slice_allocations where lease_id = ?")) {
                s.setString(1, leaseId);
                s.setString(2, leaseId);
                s.executeUpdate();
            }
        });
    }

    private void publish(String type, LeaseEntity l, Instant at) {
        outbox.add(Topics.LEASE_EVENTS, event(type, l, at));
    }

    private static LeaseEvent scheduled(LeaseEntity l, Instant at) {
        return event(LeaseEvent.TYPE_SCHEDULED, l, at);
    }

    private static LeaseEvent event(String type, LeaseEntity l, Instant at) {
        return LeaseEvent.of(type, at, l.leaseId, l.tenantId, l.state, l.region, l.cluster,
                l.nodeId, l.operatorId, l.vendor, l.deviceModel, l.deviceCount, l.memoryMiBPerDevice,
                l.deviceKeyList(), l.startedAt, l.endedAt, l.reason,
                l.sliceMode == null ? null : l.sliceMode.sliceKind().name(), l.sliceProfile, l.share);
    }

    /**
     * Whether the node under the lease has failed it (silent, revoked, a leased device critical or gone).
     *
     * @param nodes the node-failure view of a node by id (one read per node, or {@link #nodeStates} per tick)
     */
    public java.util.Optional<NodeFailures.Failure> nodeFailure(LeaseEntity lease, Instant now,
                                                                java.time.Duration silenceTimeout,
                                                                Instant freshestHeardAt,
                                                                java.util.function.Function<String,
                                                                        java.util.Optional<NodeFailures.NodeState>> nodes) {
        if (lease.nodeId == null) {
            return java.util.Optional.empty();
        }
        return NodeFailures.check(nodes.apply(lease.nodeId), lease.deviceKeyList(), now, silenceTimeout,
                freshestHeardAt);
    }

    /** One node as node-failure checks see it (three reads); empty when it is no longer in the inventory. */
    @Transactional
    public java.util.Optional<NodeFailures.NodeState> nodeState(String nodeId) {
        return java.util.Optional.ofNullable(nodeStates(List.of(nodeId)).get(nodeId));
    }

    /**
     * The nodes {@code nodeIds} as node-failure checks see them, in three reads per thousand nodes: what the periodic
     * reconcile reads once per tick instead of three reads per live lease (tens of thousands at 10,000 nodes).
     */
    @Transactional
    public Map<String, NodeFailures.NodeState> nodeStates(java.util.Collection<String> nodeIds) {
        List<String> ids = List.copyOf(new java.util.TreeSet<>(nodeIds));
        Map<String, NodeFailures.NodeState> states = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            Map<String, Instant> revoked = new java.util.HashMap<>();
            for (Object[] r : em.createQuery("select i.nodeId, i.revokedAt from NodeIdentityEntity i"
                    + " where i.nodeId in ?1 and i.revokedAt is not null", Object[].class).setParameter(1, chunk)
                    .getResultList()) {
                revoked.put((String) r[0], (Instant) r[1]);
            }
            Map<String, Map<String, io.computenet.contracts.inventory.DeviceHealth>> health = new java.util.HashMap<>();
            for (Object[] r : em.createQuery("select d.nodeId, d.deviceKey, d.health from DeviceEntity d"
                    + " where d.nodeId in ?1", Object[].class).setParameter(1, chunk).getResultList()) {
                health.computeIfAbsent((String) r[0], k -> new java.util.HashMap<>()).put((String) r[1],
                        (io.computenet.contracts.inventory.DeviceHealth) r[2]);
            }
            for (Object[] r : em.createQuery("select n.nodeId, n.lastSeenAt, n.lastEventAt from NodeEntity n"
                    + " where n.nodeId in ?1", Object[].class).setParameter(1, chunk).getResultList()) {
                String id = (String) r[0];
                states.put(id, new NodeFailures.NodeState(id, (Instant) r[1], (Instant) r[2], revoked.get(id),
                        health.getOrDefault(id, Map.of())));
            }
        }
        return states;
    }

    /** When the scheduler last heard from any node (null when none is known). */
    @Transactional
    public Instant freshestHeardAt() {
        return em.createQuery("select max(n.lastSeenAt) from NodeEntity n", Instant.class).getSingleResult();
    }

    private static String newLeaseId() {
        return "ls-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
}
