package io.computenet.scheduler.lease;

import io.computenet.contracts.lease.LeaseState;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.PriceFilter;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.decision.Bookings;
import io.computenet.scheduler.decision.EndpointStatus;
import io.computenet.scheduler.decision.FairShare;
import io.computenet.scheduler.decision.LeaseDecision;
import io.computenet.scheduler.placement.CapacitySnapshots;
import io.computenet.scheduler.placement.PlacementPolicies;
import io.computenet.scheduler.pricing.PriceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The leases that wait: one pass over the queue places what fits now (each queued lease decided by the pure
 * {@link LeaseDecision#queued}, in the order of {@link FairShare}), and advance bookings start when they are due
 * ({@link LeaseDecision#dueBooking}). Both run on the reconciler's tick, under the allocation locks of the waiting
 * leases' tenants and of the regions they may go to (every region when one may go anywhere; {@link AllocationLock}).
 */
@ApplicationScoped
public class LeaseQueue {

    @Inject
    CapacitySnapshots snapshots;
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
    AllocationLock lock;
    @Inject
    LeaseRepository repository;
    @Inject
    LeaseTransitions transitions;
    @Inject
    DeviceAllocations allocations;
    @Inject
    LeaseNodes leaseNodes;

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
        if (!repository.anyQueued()) {
            return 0;
        }
        AllocationLock.Waiting locked = lock.waiting(repository.waitingScopes(LeaseState.QUEUED, null));
        lock.lock(locked.scope(), AllocationTimers.Path.QUEUE);
        Instant now = clock.instant();
        Map<String, LeaseEntity> waiting = new LinkedHashMap<>();
        for (LeaseEntity lease : repository.queued()) {
            if (!locked.covers(lease)) {
                continue; // queued after the locks were chosen: the next pass takes it
            }
            if (!lease.queueDeadline.isAfter(now)) {
                transitions.end(lease, LeaseState.FAILED, now, "waited in the queue until " + lease.queueDeadline
                        + " without fitting: " + String.join("; ", lease.pendingReasonList()));
            } else {
                waiting.put(lease.leaseId, lease);
            }
        }
        if (waiting.isEmpty()) {
            return 0;
        }
        var snapshot = new AtomicReference<>(timers.snapshot(AllocationTimers.Path.QUEUE).record(snapshots::current));
        List<Bookings.Reservation> reserved = repository.reservations();
        Map<String, Set<String>> replicaNodes = repository.replicaNodes(waiting.values(),
                now.minus(EndpointStatus.FAILURE_WINDOW));
        PolicyChoice policies = placementPolicies.current();
        java.util.function.Function<String, String> topologies = waiting.values().stream().anyMatch(LeaseEntity::isGang)
                ? leaseNodes.topologies()::get : id -> null;
        int[] placed = {0};
        java.util.function.Supplier<Optional<io.computenet.scheduler.decision.Quotes.Pricing>> optionPrices =
                () -> priceCatalog.book().map(book -> PriceCatalog.options(book, now));
        FairShare.offer(waiting.values().stream().map(l -> new FairShare.Queued(l.leaseId, l.tenantId, l.priority,
                l.requestedAt, BigDecimal.valueOf(l.deviceCount))).toList(), repository.heldByTenant(), q -> {
            LeaseEntity lease = waiting.get(q.leaseId());
            Optional<PriceFilter.Prices> prices = lease.maxPricePerHour == null ? Optional.empty()
                    : priceCatalog.current();
            LeaseDecision.Fleet fleet = new LeaseDecision.Fleet(snapshot::get, Optional.empty(), reserved,
                    config.podStartTimeout(), policies, prices, repository::victims, topologies,
                    optionPrices.get());
            LeaseDecision.Outcome outcome = timers.placement(AllocationTimers.Path.QUEUE)
                    .record(() -> LeaseDecision.queued(ask(lease, replicaNodes), fleet, now, lease.queueDeadline));
            if (outcome instanceof LeaseDecision.Preempt preempt) {
                // the victims' devices already showed as taken in this pass's snapshot; now the new lease holds them
                DeviceAllocations.Writes writes = allocations.writes();
                snapshot.set(transitions.preemptFor(lease, preempt.plan(), now, writes).applyTo(snapshot.get()));
                writes.apply();
            } else if (outcome instanceof LeaseDecision.PlaceGang gang) {
                // all the gang's nodes at once, written before the next lease of the pass is decided
                DeviceAllocations.Writes writes = allocations.writes();
                for (LeaseTransitions.Booked booked : transitions.allocateGang(lease, gang.placement(), now, writes)) {
                    snapshot.set(booked.applyTo(snapshot.get()));
                }
                writes.apply();
            } else if (outcome instanceof LeaseDecision.Place place) {
                // the allocation is a bulk update the persistence context does not see: apply it to this pass's
                // snapshot instead of reading it again
                snapshot.set(transitions.allocate(lease, place.placement(), now).applyTo(snapshot.get()));
                if (lease.endpointId != null) { // the endpoint's next replica in this pass avoids this one's node
                    replicaNodes.computeIfAbsent(lease.endpointId, e -> new HashSet<>())
                            .add(place.placement().node().nodeId());
                }
            } else {
                String reasons = String.join("\n", pendingReasons(lease, ((LeaseDecision.Queue) outcome).reasons()));
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
     * Starts the bookings that are due: on their reserved devices, or when those were lost (node failed, drained,
     * device gone) wherever the lease fits now; a booking that fits nowhere fails, uncharged. A gang's booking starts
     * on all its nodes at once or fails whole ({@link LeaseDecision#dueGangBooking}).
     *
     * @return the number of bookings started
     */
    @Transactional
    public int startBookings() {
        Instant now = clock.instant();
        if (!repository.anyBookingDue(now)) {
            return 0;
        }
        AllocationLock.Waiting locked = lock.waiting(repository.waitingScopes(LeaseState.BOOKED, now));
        lock.lock(locked.scope());
        List<LeaseEntity> due = repository.dueBookings(now).stream().filter(locked::covers).toList();
        Map<String, Set<String>> replicaNodes = repository.replicaNodes(due, now.minus(EndpointStatus.FAILURE_WINDOW));
        List<NodeCapacity> snapshot = snapshots.current();
        PolicyChoice policies = placementPolicies.current();
        int started = 0;
        for (LeaseEntity candidate : due) {
            LeaseEntity lease = repository.forUpdate(candidate.leaseId);
            if (lease == null || lease.state != LeaseState.BOOKED) {
                continue; // released meanwhile
            }
            List<NodeCapacity> nodes = snapshot;
            LeaseDecision.Fleet fleet = new LeaseDecision.Fleet(() -> nodes, Optional.empty(),
                    repository.reservations().stream().filter(r -> !r.leaseId().equals(lease.leaseId)).toList(),
                    config.podStartTimeout(), policies, Optional.empty(), List::of,
                    lease.isGang() ? leaseNodes.topologies()::get : id -> null);
            LeaseDecision.Outcome outcome = lease.isGang()
                    ? LeaseDecision.dueGangBooking(ask(lease, replicaNodes), lease.reservations(), fleet, now)
                    : LeaseDecision.dueBooking(ask(lease, replicaNodes), lease.reservedNodeId,
                    lease.reservedDeviceKeyList(), fleet, now);
            if (outcome instanceof LeaseDecision.Refuse refuse) {
                transitions.end(lease, LeaseState.FAILED, now, String.join("; ", refuse.reasons()));
                continue;
            }
            if (outcome instanceof LeaseDecision.PlaceGang gang) {
                DeviceAllocations.Writes writes = allocations.writes();
                for (LeaseTransitions.Booked booked : transitions.allocateGang(lease, gang.placement(), now, writes)) {
                    snapshot = booked.applyTo(snapshot);
                }
                writes.apply();
            } else {
                snapshot = transitions.allocate(lease, ((LeaseDecision.Place) outcome).placement(), now)
                        .applyTo(snapshot);
            }
            started++;
        }
        return started;
    }

    /** The decision's reasons plus the lease's place in the queue. */
    List<String> pendingReasons(LeaseEntity lease, List<String> reasons) {
        List<String> pending = new ArrayList<>(reasons);
        pending.add("position " + repository.queuePosition(lease) + " in the queue (priority " + lease.priority
                + "); waits until " + lease.queueDeadline);
        return pending;
    }

    /**
     * A waiting lease as the decision sees it; a replica of an endpoint avoids {@code replicaNodes} of its endpoint
     * ({@link LeaseRepository#replicaNodes}: its live replicas' and its lately failed replicas' nodes) while another
     * node fits, as when it was requested.
     */
    private static LeaseDecision.Ask ask(LeaseEntity lease, Map<String, Set<String>> replicaNodes) {
        Duration maxWait = lease.queueDeadline == null ? Duration.ZERO
                : Duration.between(lease.requestedAt, lease.queueDeadline);
        io.computenet.scheduler.quote.QuoteEntity quote = lease.quoteId == null ? null
                : io.computenet.scheduler.quote.QuoteEntity.findById(lease.quoteId);
        return new LeaseDecision.Ask(lease.placementRequest(), lease.priority, lease.interruptible, maxWait,
                Duration.ofSeconds(lease.durationSeconds), lease.maxPricePerHour, lease.nodeCount,
                quote == null ? null : quote.held(), lease.endpointId == null ? Set.of()
                        : replicaNodes.getOrDefault(lease.endpointId, Set.of()));
    }
}
