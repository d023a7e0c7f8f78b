package io.computenet.scheduler.lease;

import io.computenet.scheduler.identity.EnrollmentProblem;
import io.computenet.scheduler.identity.EnrollmentService;
import io.computenet.scheduler.identity.NodeIdentityEntity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Operators' drains with a deadline ({@link Drains} decides what they do to a lease). Draining a node records the
 * deadline on the node and, as a notice, on every lease live on it; the capacity snapshot leaves draining nodes out,
 * so from the drain's commit on no request and no queued lease is placed there. At the deadline the reconciler ends
 * what is still live there through {@link #endIfDue}, at the deadline exactly.
 * <p>
 * Undraining before the deadline withdraws the drain and the notices: the node takes leases again and its leases run
 * on. Undraining after it returns the node to service, but what the drain decided stands: leases still live from
 * before the deadline end at the deadline first (in the same transaction), as they would have at the next tick.
 */
@ApplicationScoped
public class DrainService {

    private static final Logger LOG = Logger.getLogger(DrainService.class);

    @Inject
    LeaseService leases;
    @Inject
    AllocationLock allocationLock;
    @Inject
    EnrollmentService enrollment;
    @Inject
    MeterRegistry metrics;
    @Inject
    Clock clock;

    /**
     * Drains the organisation's node with a deadline given as an instant or as minutes from now. Draining again
     * replaces the deadline (earlier or later) for the leases whose deadline has not passed yet.
     */
    @Transactional
    public EnrollmentService.NodeView drain(String nodeId, String organisation, String by, Instant deadline,
                                            Integer minutes) {
        Instant now = clock.instant();
        Instant at;
        try {
            at = Drains.deadline(deadline, minutes, now);
        } catch (Drains.InvalidDrain e) {
            throw DrainProblem.invalid(e);
        }
        // under the allocation lock of the node's region, a request placed at the same moment either committed first (its lease gets the
        // notice below) or reads a snapshot that already leaves this node out
        allocationLock.lock(io.computenet.scheduler.decision.AllocationScope.of(java.util.Set.of(),
                allocationLock.regionOf(nodeId).map(java.util.Set::of).orElseGet(allocationLock::fleetRegions)));
        NodeIdentityEntity identity = owned(nodeId, organisation);
        if (identity.revokedAt != null) {
            throw DrainProblem.revoked(nodeId);
        }
        identity.drainDeadline = at;
        identity.drainRequestedAt = now.truncatedTo(ChronoUnit.MICROS);
        identity.drainedBy = by;
        // the version moves with the notice, so nothing that read a lease before can write it back without it
        // a gang with any of its nodes here gets the notice as one lease
        int noticed = LeaseEntity.update("drainDeadline = ?1, version = version + 1 where " + ON_NODE_2 + " and state in "
                + LeaseEntity.LIVE_STATES + " and (drainDeadline is null or drainDeadline > ?3)", at, nodeId, now);
        LOG.infof("node %s drained by %s: no new leases; %d live lease(s) end by %s", nodeId, by, noticed, at);
        return enrollment.view(identity);
    }

    /** Withdraws the drain of the organisation's node; undraining a node that is not draining changes nothing. */
    @Transactional
    public EnrollmentService.NodeView undrain(String nodeId, String organisation, String by) {
        NodeIdentityEntity identity = owned(nodeId, organisation);
        if (identity.drainDeadline == null) {
            return enrollment.view(identity);
        }
        Instant now = clock.instant();
        List<LeaseEntity> due = LeaseEntity.list(ON_NODE_1 + " and state in " + LeaseEntity.LIVE_STATES
                + " and drainDeadline <= ?2", nodeId, now);
        due.forEach(l -> endIfDue(l.leaseId, now));
        int withdrawn = LeaseEntity.update("drainDeadline = null, version = version + 1 where " + ON_NODE_1
                + " and state in " + LeaseEntity.LIVE_STATES + " and drainDeadline > ?2", nodeId, now);
        LOG.infof("node %s undrained by %s (deadline was %s): takes leases again; notice withdrawn from %d lease(s)",
                nodeId, by, identity.drainDeadline, withdrawn);
        identity.drainDeadline = null;
        identity.drainRequestedAt = null;
        identity.drainedBy = null;
        return enrollment.view(identity);
    }

    /**
     * Ends the lease as its node's drain decides, if its deadline has come: read again under a row lock, so a lease
     * that ended meanwhile, or whose notice was withdrawn or moved, is left alone.
     *
     * @return how it ended, or empty when the drain does not end it (now)
     */
    @Transactional
    public Optional<Drains.Ending> endIfDue(String leaseId, Instant now) {
        LeaseEntity lease = LeaseEntity.findById(leaseId, LockModeType.PESSIMISTIC_WRITE);
        if (lease == null || lease.state.isTerminal() || !Drains.due(lease.drainDeadline, now)) {
            return Optional.empty();
        }
        NodeIdentityEntity identity = drainedNodeOf(lease);
        String by = identity == null || identity.drainedBy == null ? "(unknown)" : identity.drainedBy;
        String nodeId = identity == null ? lease.nodeId : identity.nodeId;
        Optional<Drains.Ending> ending = Drains.ending(new Drains.Drain(nodeId, lease.drainDeadline, by),
                lease.interruptible, lease.endsAt, now);
        ending.ifPresent(e -> {
            leases.endLease(leaseId, e.state(), e.at(), e.reason());
            Counter.builder("computenet.scheduler.leases.drained")
                    .description("Leases ended at their node's drain deadline, by the state they ended in")
                    .tag("state", e.state().name().toLowerCase())
                    .register(metrics).increment();
        });
        return ending;
    }

    /**
     * The node whose drain gave the lease its deadline: its own node, or for a gang the one of its nodes drained
     * with that deadline (else the earliest drained of them), so the reason names who drained it.
     */
    private static NodeIdentityEntity drainedNodeOf(LeaseEntity lease) {
        if (!lease.isGang()) {
            return NodeIdentityEntity.findById(lease.nodeId);
        }
        List<String> nodes = LeaseMemberEntity.of(lease.leaseId).stream().map(m -> m.nodeId).toList();
        List<NodeIdentityEntity> drained = NodeIdentityEntity.list("nodeId in ?1 and drainDeadline is not null"
                + " order by drainDeadline, nodeId", nodes.isEmpty() ? List.of(lease.nodeId) : nodes);
        return drained.stream().filter(n -> n.drainDeadline.equals(lease.drainDeadline)).findFirst()
                .or(() -> drained.stream().findFirst())
                .orElseGet(() -> NodeIdentityEntity.findById(lease.nodeId));
    }

    /** A lease on the node {@code ?1} (a gang: with any of its nodes there). */
    private static final String ON_NODE_1 = "(nodeId = ?1 or leaseId in (select m.leaseId from LeaseMemberEntity m"
            + " where m.nodeId = ?1))";
    /** As {@link #ON_NODE_1}, the node as parameter 2. */
    private static final String ON_NODE_2 = ON_NODE_1.replace("?1", "?2");

    private static NodeIdentityEntity owned(String nodeId, String organisation) {
        NodeIdentityEntity identity = NodeIdentityEntity.findById(nodeId, LockModeType.PESSIMISTIC_WRITE);
        if (identity == null || !identity.organisation.equals(organisation)) {
            throw EnrollmentProblem.nodeNotFound(nodeId);
        }
        return identity;
    }
}
