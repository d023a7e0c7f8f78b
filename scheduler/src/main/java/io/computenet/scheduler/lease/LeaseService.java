package io.computenet.scheduler.lease;

import io.computenet.contracts.api.LeaseView;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.problem.ProblemException;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.decision.Bookings;
import io.computenet.scheduler.quota.TenantLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lease once it exists: what its tenant sees and does with it (read, list, renew, release) and the state changes
 * the reconciler and drains drive (starting, running, ended). New requests are {@link LeaseRequests}, the queue and
 * the bookings {@link LeaseQueue}; the changes themselves are applied by {@link LeaseTransitions}.
 */
@ApplicationScoped
public class LeaseService {

    @Inject
    LeaseRepository repository;
    @Inject
    LeaseTransitions transitions;
    @Inject
    DeviceAllocations allocations;
    @Inject
    TenantLimits limits;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;

    @Transactional
    public LeaseView get(String leaseId, String tenantId) {
        return LeaseViews.of(repository.owned(leaseId, tenantId));
    }

    @Transactional
    public List<LeaseView> list(String tenantId) {
        return repository.ofTenant(tenantId).stream()
                .map(LeaseViews::of).toList();
    }

    /** Ends a lease at the tenant's request; releasing an ended lease changes nothing. */
    @Transactional
    public LeaseView release(String leaseId, String tenantId) {
        LeaseEntity lease = repository.ownedForUpdate(leaseId, tenantId);
        if (!lease.state.isTerminal()) {
            transitions.end(lease, LeaseState.RELEASED, clock.instant(), "released by tenant");
        }
        return LeaseViews.of(lease);
    }

    /** Longest a lease may be booked for, renewals included. */
    static final Duration MAX_BOOKING = Duration.ofDays(30);

    /**
     * Extends a live lease by {@code minutes}: it keeps its devices (nothing else can hold them meanwhile, so no
     * capacity check is needed), as long as the tenant's monthly budget allows the extra device-hours and the whole
     * booking stays within 30 days.
     */
    @Transactional
    public LeaseView renew(String leaseId, String tenantId, int minutes) {
        LeaseEntity lease = repository.ownedForUpdate(leaseId, tenantId);
        if (lease.state.isTerminal()) {
            throw new ProblemException(409, "lease-ended", "Lease has ended",
                    "lease " + leaseId + " is " + lease.state + " and cannot be renewed", List.of());
        }
        if (lease.drainDeadline != null) {
            throw new ProblemException(409, "node-draining", "Node draining",
                    "lease " + leaseId + " runs on node " + lease.nodeId + ", which its operator is taking out of "
                            + "service: the lease ends at " + lease.drainDeadline + " at the latest and cannot be "
                            + "renewed; request a new lease to continue elsewhere", List.of());
        }
        long extension = minutes * 60L;
        if (lease.durationSeconds + extension > MAX_BOOKING.toSeconds()) {
            throw new ProblemException(409, "booking-too-long", "Booking too long",
                    "a lease is booked for at most " + MAX_BOOKING.toDays() + " days; it has "
                            + lease.durationSeconds / 60 + " minutes", List.of());
        }
        checkBookings(lease, extension);
        limits.admitExtension(tenantId, lease.deviceCount, Duration.ofSeconds(extension));
        lease.durationSeconds += extension;
        if (lease.endsAt != null) {
            lease.endsAt = lease.endsAt.plusSeconds(extension);
        }
        return LeaseViews.of(lease);
    }

    /**
     * Extends a running replica lease of an inference endpoint by {@code term} if its booking ends before
     * {@code endsBefore} (checked under the row lock, so two scheduler instances renewing at once extend it once).
     * Unlike a tenant's renewal there is no 30-day cap: a replica lives as long as its endpoint wants it. The
     * tenant's budget and other leases' bookings of its devices are checked as for any renewal (a refusal is
     * thrown); a lease whose node drains is not renewed (it ends at the deadline and is replaced).
     *
     * @return whether it was extended
     */
    @Transactional
    public boolean renewReplica(String leaseId, Duration term, Instant endsBefore) {
        LeaseEntity lease = repository.forUpdate(leaseId);
        if (lease == null || lease.endpointId == null || lease.state != LeaseState.RUNNING
                || lease.drainDeadline != null || lease.endsAt == null || !lease.endsAt.isBefore(endsBefore)) {
            return false;
        }
        checkBookings(lease, term.toSeconds());
        limits.admitExtension(lease.tenantId, lease.deviceCount, term);
        lease.durationSeconds += term.toSeconds();
        lease.endsAt = lease.endsAt.plus(term);
        return true;
    }

    /**
     * Refuses (409 {@code devices-booked}) an extension that would run into a booking of the lease's devices: for a
     * gang, of any of its nodes' devices (booked: the ones it reserved).
     */
    private void checkBookings(LeaseEntity lease, long extension) {
        boolean booked = lease.state == LeaseState.BOOKED;
        if (lease.nodeId != null || booked && lease.reservedNodeId != null) {
            Instant from = booked ? lease.startsAt : clock.instant();
            Instant currentEnd = lease.endsAt != null ? lease.endsAt : booked ? from.plusSeconds(lease.durationSeconds)
                    : from.plus(config.podStartTimeout()).plusSeconds(lease.durationSeconds);
            Map<String, List<String>> held = new java.util.LinkedHashMap<>();
            if (booked) {
                lease.reservations().forEach(r -> held.put(r.nodeId(), r.deviceKeys()));
            } else if (lease.isGang()) {
                LeaseMemberEntity.of(lease.leaseId).forEach(m -> held.put(m.nodeId, m.deviceKeyList()));
            } else {
                held.put(lease.nodeId, lease.deviceKeyList());
            }
            List<Bookings.Reservation> reservations = repository.reservations();
            Optional<Bookings.Reservation> conflict = held.entrySet().stream()
                    .flatMap(h -> Bookings.conflict(lease.leaseId, h.getKey(), h.getValue(), from,
                            currentEnd.plusSeconds(extension), reservations).stream())
                    .min(java.util.Comparator.comparing(Bookings.Reservation::start));
            if (conflict.isPresent()) {
                throw new ProblemException(409, "devices-booked", "Devices booked",
                        "the lease's devices are booked from " + conflict.get().start() + "; it can run until then",
                        List.of());
            }
        }
    }

    /** The workload is running: metering starts now. */
    @Transactional
    public void markRunning(String leaseId, Instant at) {
        LeaseEntity lease = repository.forUpdate(leaseId);
        if (lease == null || (lease.state != LeaseState.SCHEDULED && lease.state != LeaseState.STARTING)) {
            return;
        }
        lease.state = LeaseState.RUNNING;
        lease.startedAt = at;
        lease.endsAt = at.plusSeconds(lease.durationSeconds);
        transitions.publish(LeaseEvent.TYPE_STARTED, lease, at);
    }

    @Transactional
    public void markStarting(String leaseId) {
        LeaseEntity lease = repository.forUpdate(leaseId);
        if (lease != null && lease.state == LeaseState.SCHEDULED) {
            lease.state = LeaseState.STARTING;
        }
    }

    /** Ends a live lease in a terminal state at an exact instant (billing stops there). */
    @Transactional
    public void endLease(String leaseId, LeaseState state, Instant at, String reason) {
        LeaseEntity lease = repository.forUpdate(leaseId);
        if (lease != null && !lease.state.isTerminal()) {
            transitions.end(lease, state, at, reason);
        }
    }

    /** Records that these leases' Pods were deleted: one statement, one transaction (a version step each). */
    @Transactional
    public void markPodsDeleted(List<String> leaseIds) {
        if (leaseIds.isEmpty()) {
            return;
        }
        allocations.markPodsDeleted(leaseIds);
    }
}
