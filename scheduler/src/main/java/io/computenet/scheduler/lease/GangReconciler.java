package io.computenet.scheduler.lease;

import io.computenet.contracts.lease.LeaseState;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.kubernetes.ClusterNodes;
import io.computenet.scheduler.kubernetes.GangWorkload;
import io.computenet.scheduler.kubernetes.NodeNames;
import io.computenet.scheduler.kubernetes.PodGateway;
import io.computenet.scheduler.kubernetes.PodPhase;
import io.computenet.scheduler.kubernetes.PodStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reconcile step of a gang lease ({@link LeaseReconciler} hands gangs here): creates its PodGroup, Service, rank
 * table and one Pod per node together; marks it running once every Pod runs; fails the whole gang when any one node
 * fails (silent, revoked, a device critical or gone: at that node's failure instant, the earliest of them) or any one
 * Pod fails or vanishes, so every member ends, and billing stops, at the same instant; and deletes every object of
 * the gang once it has ended.
 */
@ApplicationScoped
public class GangReconciler {

    private static final Logger LOG = Logger.getLogger(GangReconciler.class);

    @Inject
    LeaseService leases;
    @Inject
    PodGateway pods;
    @Inject
    NodeNames nodeNames;
    @Inject
    ClusterNodes clusterNodes;
    @Inject
    SchedulerConfig config;
    @Inject
    EntityManager em;

    void reconcile(LeaseEntity lease, Instant now, Instant freshestHeardAt, LeaseReconciler.NodeLookup nodes,
                   List<String> podsDeleted) {
        List<LeaseMemberEntity> members = members(lease.leaseId);
        switch (lease.state) {
            case SCHEDULED -> create(lease, members, now);
            case STARTING, RUNNING -> follow(lease, members, now, freshestHeardAt, nodes);
            case QUEUED, BOOKED -> {
            }
            default -> {
                if (!lease.podDeleted) {
                    pods.deleteGang(lease.region, lease.podNamespace, lease.leaseId,
                            members.stream().map(m -> m.podName).toList());
                    podsDeleted.add(lease.leaseId);
                }
            }
        }
    }

    @Transactional
    List<LeaseMemberEntity> members(String leaseId) {
        return LeaseMemberEntity.of(leaseId);
    }

    private void create(LeaseEntity lease, List<LeaseMemberEntity> members, Instant now) {
        List<GangWorkload.Member> specs = new ArrayList<>();
        Map<String, Map<String, DeviceSeat>> seats = deviceSeats(members);
        for (LeaseMemberEntity m : members) {
            String nodeName = nodeNames.boundTo(m.nodeId);
            var notANode = clusterNodes.notANode(lease.region, m.nodeId, nodeName);
            if (notANode.isPresent()) {
                fail(lease, now, "node rank " + m.nodeRank + ": " + notANode.get());
                return;
            }
            Map<String, DeviceSeat> seat = seats.getOrDefault(m.nodeId, Map.of());
            List<DeviceSeat> held = m.deviceKeyList().stream()
                    .map(k -> seat.getOrDefault(k, new DeviceSeat(-1, null))).toList();
            specs.add(new GangWorkload.Member(m.podName, nodeName, nodeName, m.deviceKeyList(),
                    held.stream().map(DeviceSeat::index).toList(),
                    held.stream().map(DeviceSeat::address).collect(java.util.stream.Collectors.toList())));
        }
        try {
            pods.applyGang(lease.region, GangWorkload.desired(new GangWorkload.Spec(lease.leaseId, lease.tenantId,
                    lease.podNamespace, lease.vendor, lease.deviceModel, lease.memoryMiBPerDevice, lease.image,
                    lease.command == null ? List.of() : Arrays.asList(lease.command.split("\u001f")), specs)));
        } catch (RuntimeException e) {
            String problem = LeaseReconciler.kubernetesProblem(lease.region, e);
            var giveUp = PodStart.giveUp(lease.scheduledAt, config.podStartTimeout(), now,
                    LeaseReconciler.status(e), problem);
            if (giveUp.isEmpty()) {
                throw new IllegalStateException(problem, e);
            }
            fail(lease, now, giveUp.get());
            return;
        }
        leases.markStarting(lease.leaseId);
    }

    private void follow(LeaseEntity lease, List<LeaseMemberEntity> members, Instant now, Instant freshestHeardAt,
                        LeaseReconciler.NodeLookup nodes) {
        if (lease.state == LeaseState.RUNNING && !lease.endsAt.isAfter(now)) {
            leases.endLease(lease.leaseId, LeaseState.EXPIRED, lease.endsAt, "lease time is up");
            return;
        }
        Optional<NodeFailures.Failure> failure = firstFailure(members, nodes, now, freshestHeardAt);
        if (failure.isPresent()) {
            LOG.warnf("gang lease %s fails with one of its nodes: %s", lease.leaseId, failure.get().reason());
            leases.endLease(lease.leaseId, LeaseState.FAILED, failure.get().at(), failure.get().reason());
            return;
        }
        List<PodPhase> phases = new ArrayList<>();
        try {
            for (LeaseMemberEntity m : members) {
                phases.add(pods.phase(lease.region, lease.podNamespace, m.podName));
            }
        } catch (RuntimeException e) {
            String problem = LeaseReconciler.kubernetesProblem(lease.region, e);
            if (lease.state == LeaseState.RUNNING
                    || !PodStart.timedOut(lease.scheduledAt, config.podStartTimeout(), now)) {
                throw new IllegalStateException(problem, e);
            }
            fail(lease, now, "workload did not start within " + config.podStartTimeout().toSeconds() + " s: "
                    + problem);
            return;
        }
        for (int i = 0; i < phases.size(); i++) {
            PodPhase phase = phases.get(i);
            boolean broken = phase.phase() == PodPhase.Phase.FAILED || phase.phase() == PodPhase.Phase.MISSING
                    || lease.state == LeaseState.STARTING && phase.phase() == PodPhase.Phase.SUCCEEDED;
            if (broken) {
                fail(lease, now, "node rank " + members.get(i).nodeRank + " (" + members.get(i).nodeId + "): workload "
                        + phase.phase().name().toLowerCase() + " " + phase.detail());
                return;
            }
        }
        if (lease.state == LeaseState.STARTING) {
            if (phases.stream().allMatch(p -> p.phase() == PodPhase.Phase.RUNNING)) {
                leases.markRunning(lease.leaseId, now);
            } else if (PodStart.timedOut(lease.scheduledAt, config.podStartTimeout(), now)) {
                fail(lease, now, "workload did not start on every node within "
                        + config.podStartTimeout().toSeconds() + " s");
            }
        } else if (phases.stream().allMatch(p -> p.phase() == PodPhase.Phase.SUCCEEDED)) {
            leases.endLease(lease.leaseId, LeaseState.RELEASED, now, "workload completed on every node");
        }
    }

    /** The earliest failure of any node of the gang: the gang fails as one, at that instant. */
    private Optional<NodeFailures.Failure> firstFailure(List<LeaseMemberEntity> members,
                                                        LeaseReconciler.NodeLookup nodes, Instant now,
                                                        Instant freshestHeardAt) {
        Optional<NodeFailures.Failure> first = Optional.empty();
        for (LeaseMemberEntity m : members) {
            Optional<NodeFailures.Failure> f = NodeFailures.check(nodes.apply(m.nodeId), m.deviceKeyList(), now,
                    config.nodeFailureTimeout(), freshestHeardAt)
                    .map(x -> new NodeFailures.Failure(x.at(), "node rank " + m.nodeRank + " (" + m.nodeId + ") failed,"
                            + " so the whole gang fails: " + x.reason()));
            if (f.isPresent() && (first.isEmpty() || f.get().at().isBefore(first.get().at()))) {
                first = f;
            }
        }
        return first;
    }

    private void fail(LeaseEntity lease, Instant now, String reason) {
        LOG.warnf("gang lease %s fails: %s", lease.leaseId, reason);
        leases.endLease(lease.leaseId, LeaseState.FAILED, now, reason);
    }

    /** Each member's devices' physical indexes on their nodes, by node id and device key (for the rank table). */
    @Transactional
    /** A device's index on its node and its own network address (null when its node reported none). */
    record DeviceSeat(int index, String address) {
    }

    Map<String, Map<String, DeviceSeat>> deviceSeats(List<LeaseMemberEntity> members) {
        Map<String, Map<String, DeviceSeat>> seats = new HashMap<>();
        for (Object[] r : em.createQuery("select d.nodeId, d.deviceKey, d.deviceIndex, d.deviceIp from DeviceEntity d"
                        + " where d.nodeId in ?1", Object[].class)
                .setParameter(1, members.stream().map(m -> m.nodeId).toList()).getResultList()) {
            seats.computeIfAbsent((String) r[0], k -> new HashMap<>())
                    .put((String) r[1], new DeviceSeat((Integer) r[2], (String) r[3]));
        }
        return seats;
    }

    /** The node ids of the live gangs among these leases, every rank. */
    @Transactional
    List<String> memberNodesOf(List<LeaseEntity> leases) {
        List<String> ids = leases.stream().filter(l -> l.isGang() && !l.state.isTerminal()).map(l -> l.leaseId)
                .toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return LeaseMemberEntity.<LeaseMemberEntity>list("leaseId in ?1", ids).stream()
                .sorted(Comparator.comparing(m -> m.nodeId)).map(m -> m.nodeId).distinct().toList();
    }
}
