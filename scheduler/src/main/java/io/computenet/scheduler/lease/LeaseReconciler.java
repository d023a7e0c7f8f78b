package io.computenet.scheduler.lease;

import io.computenet.contracts.lease.LeaseState;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.kubernetes.ClusterNodes;
import io.computenet.scheduler.kubernetes.NodeNames;
import io.computenet.scheduler.kubernetes.PodChanged;
import io.computenet.scheduler.kubernetes.PodFactory;
import io.computenet.scheduler.kubernetes.PodGateway;
import io.computenet.scheduler.kubernetes.PodPhase;
import io.computenet.scheduler.kubernetes.PodStart;
import io.computenet.scheduler.kubernetes.RegionalClients;
import io.computenet.scheduler.kubernetes.ServingPods;
import io.computenet.scheduler.kubernetes.WorkloadSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Drives leases towards their desired state, level-triggered: creates the Pods of scheduled leases in their region's
 * cluster (on the Kubernetes node name their node bound at enrolment, only if it is a Node of that cluster), starts
 * metering when a Pod runs, fails leases whose Pod cannot be created or never starts within the timeout (not charged,
 * {@link PodStart}),
 * fails the leases of failed nodes (silent past the node failure timeout, revoked, or a leased device critical or
 * gone) at the last time the node was known to serve them, ends the leases of a drained node at its drain deadline
 * ({@link Drains}), expires leases at their end time, and deletes the Pods of ended leases. Every step is
 * idempotent, so a crash or a second scheduler instance repeating it does no harm.
 * <p>
 * Two triggers run the same steps. The periodic tick covers everything, and what only time moves (start timeout,
 * expiry, node failure, drain deadlines, the queue); it reads Pod phases from the regions' watch caches, so it makes
 * no API request per live lease. A {@link PodChanged} from a region's watch (a Pod running, ended or gone) reconciles
 * that Pod's lease at once, on one thread of its own, instead of at the next tick. Both may act on one lease at the
 * same moment: every state change re-reads the lease under a row lock and checks its state first.
 */
@ApplicationScoped
public class LeaseReconciler {

    private static final Logger LOG = Logger.getLogger(LeaseReconciler.class);

    @Inject
    LeaseService leases;
    @Inject
    LeaseQueue queue;
    @Inject
    LeaseRepository repository;
    @Inject
    LeaseNodes leaseNodes;
    @Inject
    DrainService drains;
    @Inject
    GangReconciler gangs;
    @Inject
    PodGateway pods;
    @Inject
    NodeNames nodeNames;
    @Inject
    ClusterNodes clusterNodes;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;

    /** Identity of the periodic tick (for {@code io.quarkus.scheduler.Scheduler#pause}). */
    public static final String TICK = "lease-reconciler";

    /** Pod changes waiting for their prompt reconcile, by Pod: a burst of changes to one Pod is one reconcile. */
    private final Map<String, PodChanged> changed = new ConcurrentHashMap<>();
    private ExecutorService prompt;

    @PostConstruct
    void startPromptReconciles() {
        prompt = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lease-reconciler-pod-changes");
            t.setDaemon(true);
            return t;
        });
    }

    /** At the start of shutdown, before the database is closed: changes still waiting are left to the next start. */
    void stopPromptReconciles(@Observes @jakarta.annotation.Priority(jakarta.interceptor.Interceptor.Priority
            .PLATFORM_BEFORE) io.quarkus.runtime.ShutdownEvent event) {
        stopPromptReconciles();
    }

    @PreDestroy
    void stopPromptReconciles() {
        prompt.shutdownNow();
        changed.clear();
    }

    /** Called on a region's watch thread: only queues the lease of the Pod for {@link #reconcileChanged}. */
    void onPodChanged(@Observes PodChanged change) {
        String key = change.region() + "/" + change.namespace() + "/" + change.name();
        if (changed.put(key, change) == null) {
            try {
                prompt.execute(() -> reconcileChanged(key));
            } catch (RejectedExecutionException e) {
                changed.remove(key); // shutting down
            }
        }
    }

    /** Most Pod changes reconciled together (one read of their leases). */
    static final int PROMPT_BATCH = 500;

    /**
     * Reconciles the change queued for {@code key} and, with it, up to {@link #PROMPT_BATCH} others that are waiting:
     * their leases are read in one transaction, and a running Pod of a lease already running needs nothing (the tick
     * watches expiry and the node). When a region's watch (re)lists, every running Pod is announced once; this keeps
     * that burst (26,811 Pods after a restart at 10,000 nodes) to a few reads instead of two per Pod, so a Pod that
     * really changed meanwhile is not kept waiting behind them. A change already taken by an earlier batch is done.
     */
    private void reconcileChanged(String key) {
        List<PodChanged> batch = new java.util.ArrayList<>();
        PodChanged own = changed.remove(key);
        if (own == null) {
            return;
        }
        batch.add(own);
        for (var it = changed.entrySet().iterator(); it.hasNext() && batch.size() < PROMPT_BATCH; ) {
            var waiting = it.next();
            if (changed.remove(waiting.getKey(), waiting.getValue())) {
                batch.add(waiting.getValue());
            }
        }
        Map<PodChanged, LeaseEntity> live;
        try {
            live = repository.liveLeasesOfPods(batch);
        } catch (RuntimeException e) {
            LOG.warnf("%d pod change(s): reconcile will retry on the next tick: %s", batch.size(), e.getMessage());
            return;
        }
        List<String> podsDeleted = new java.util.ArrayList<>(0);
        Instant freshest = null;
        for (PodChanged change : batch) {
            LeaseEntity lease = live.get(change);
            if (lease == null || (lease.state == LeaseState.RUNNING && change.phase() == PodPhase.Phase.RUNNING)) {
                continue;
            }
            try {
                LOG.debugf("lease %s: pod %s is %s, reconciling now", lease.leaseId, change.name(), change.phase());
                if (freshest == null) {
                    freshest = leaseNodes.freshestHeardAt();
                }
                reconcile(lease, freshest, leaseNodes::nodeState, podsDeleted);
            } catch (RuntimeException e) {
                LOG.warnf("pod %s in region %s: reconcile after %s will retry on the next tick: %s", change.name(),
                        change.region(), change.phase(), e.getMessage());
            }
        }
        recordPodsDeleted(podsDeleted);
    }

    @Scheduled(identity = TICK, every = "0.5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    void tick() {
        try {
            int booked = queue.startBookings();
            if (booked > 0) {
                LOG.infof("started %d advance booking(s)", booked);
            }
        } catch (RuntimeException e) {
            LOG.warnf("booking start will retry: %s", e.getMessage());
        }
        try {
            int placed = queue.placeQueued();
            if (placed > 0) {
                LOG.infof("placed %d queued lease(s)", placed);
            }
        } catch (RuntimeException e) {
            LOG.warnf("queue pass will retry: %s", e.getMessage());
        }
        List<LeaseEntity> pending = repository.needingReconcile();
        // one read per tick, not per lease: whether the inventory pipeline is alive is the same for all of them, and
        // the nodes under live leases are read together
        Instant freshest = pending.isEmpty() ? null : leaseNodes.freshestHeardAt();
        Map<String, NodeFailures.NodeState> nodes = pending.isEmpty() ? Map.of() : leaseNodes.nodeStates(
                java.util.stream.Stream.concat(pending.stream().filter(l -> !l.state.isTerminal() && l.nodeId != null)
                        .map(l -> l.nodeId), gangs.memberNodesOf(pending).stream()).toList());
        List<String> podsDeleted = new java.util.ArrayList<>();
        for (LeaseEntity lease : pending) {
            try {
                reconcile(lease, freshest, id -> java.util.Optional.ofNullable(nodes.get(id)), podsDeleted);
            } catch (RuntimeException e) {
                LOG.warnf("lease %s: reconcile will retry: %s", lease.leaseId, e.getMessage());
            }
        }
        recordPodsDeleted(podsDeleted);
    }

    private void recordPodsDeleted(List<String> leaseIds) {
        try {
            leases.markPodsDeleted(leaseIds);
        } catch (RuntimeException e) {
            // the Pods are gone; deleting them again next tick is harmless
            LOG.warnf("%d deleted Pods not recorded, will retry: %s", leaseIds.size(), e.getMessage());
        }
    }

    /** Ends the lease when its node failed it, at the time the failure was last known not to have happened. */
    private boolean failedByNode(LeaseEntity lease, Instant now, Instant freshestHeardAt, NodeLookup nodes) {
        var failure = leaseNodes.nodeFailure(lease, now, config.nodeFailureTimeout(), freshestHeardAt, nodes);
        failure.ifPresent(f -> {
            LOG.warnf("lease %s fails with its node: %s", lease.leaseId, f.reason());
            leases.endLease(lease.leaseId, LeaseState.FAILED, f.at(), f.reason());
        });
        return failure.isPresent();
    }

    /**
     * Ends the lease at its node's drain deadline once that has come, unless the node failed it earlier (then it
     * fails then) or its booking ends first (then it expires). Costs no read until a deadline has come.
     */
    private boolean endedByDrain(LeaseEntity lease, Instant now, Instant freshestHeardAt, NodeLookup nodes) {
        if (!Drains.due(lease.drainDeadline, now)) {
            return false;
        }
        var failure = leaseNodes.nodeFailure(lease, now, config.nodeFailureTimeout(), freshestHeardAt, nodes);
        if (failure.isPresent() && failure.get().at().isBefore(lease.drainDeadline)) {
            NodeFailures.Failure f = failure.get();
            LOG.warnf("lease %s fails with its node before its drain deadline: %s", lease.leaseId, f.reason());
            leases.endLease(lease.leaseId, LeaseState.FAILED, f.at(), f.reason());
            return true;
        }
        var ending = drains.endIfDue(lease.leaseId, now);
        ending.ifPresent(e -> LOG.infof("lease %s ends with its node's drain: %s at %s", lease.leaseId, e.state(),
                e.at()));
        return ending.isPresent();
    }

    /** What went wrong talking to a region's cluster, naming the region. */
    static String kubernetesProblem(String region, RuntimeException e) {
        return e instanceof KubernetesClientException k ? RegionalClients.describe(region, k)
                : "region " + region + ": " + e.getMessage();
    }

    static int status(RuntimeException e) {
        return e instanceof KubernetesClientException k ? k.getCode() : 0;
    }

    /** The node-failure view of a node by id. */
    interface NodeLookup extends java.util.function.Function<String, java.util.Optional<NodeFailures.NodeState>> {
    }

    /**
     * One step for one lease. The Pod of an ended lease is deleted here and its lease id added to {@code podsDeleted}
     * for the caller to record, all of a tick's in one transaction.
     */
    void reconcile(LeaseEntity lease, Instant freshestHeardAt, NodeLookup nodes, List<String> podsDeleted) {
        Instant now = clock.instant();
        if (!lease.state.isTerminal() && endedByDrain(lease, now, freshestHeardAt, nodes)) {
            return;
        }
        if (lease.isGang()) {
            gangs.reconcile(lease, now, freshestHeardAt, nodes, podsDeleted);
            return;
        }
        switch (lease.state) {
            case SCHEDULED -> {
                String nodeName = nodeNames.boundTo(lease.nodeId);
                var notANode = clusterNodes.notANode(lease.region, lease.nodeId, nodeName);
                if (notANode.isPresent()) {
                    LOG.warnf("lease %s fails: %s", lease.leaseId, notANode.get());
                    leases.endLease(lease.leaseId, LeaseState.FAILED, now, notANode.get());
                    return;
                }
                try {
                    WorkloadSpec spec = new WorkloadSpec(lease.leaseId, lease.tenantId,
                            lease.podNamespace, nodeName, lease.vendor, lease.deviceModel,
                            lease.deviceCount, lease.memoryMiBPerDevice, lease.deviceKeyList(), lease.image,
                            lease.command == null ? List.of() : Arrays.asList(lease.command.split("\u001f")),
                            lease.sliceMode == null ? null : new WorkloadSpec.Slice(lease.sliceMode,
                                    lease.sliceProfile, lease.sliceMemoryMiB, lease.sliceCompute,
                                    lease.sliceResource), lease.endpointId == null ? null
                            : new WorkloadSpec.Serving(lease.endpointId, lease.servingModel, lease.servingRevision,
                            lease.requiredFramework));
                    if (spec.serving() != null) {
                        // an inference replica: its endpoint's Service in the region first, so it routes at once
                        pods.applyService(lease.region, ServingPods.service(lease.podNamespace, lease.endpointId,
                                lease.tenantId));
                    }
                    pods.apply(lease.region, PodFactory.desired(spec));
                } catch (RuntimeException e) {
                    String problem = kubernetesProblem(lease.region, e);
                    var giveUp = PodStart.giveUp(lease.scheduledAt, config.podStartTimeout(), now, status(e),
                            problem);
                    if (giveUp.isEmpty()) {
                        throw new IllegalStateException(problem, e);
                    }
                    LOG.warnf("lease %s fails: %s", lease.leaseId, giveUp.get());
                    leases.endLease(lease.leaseId, LeaseState.FAILED, now, giveUp.get());
                    return;
                }
                leases.markStarting(lease.leaseId);
            }
            case STARTING -> {
                if (failedByNode(lease, now, freshestHeardAt, nodes)) {
                    return;
                }
                PodPhase phase;
                try {
                    phase = pods.phase(lease.region, lease.podNamespace, lease.podName);
                } catch (RuntimeException e) {
                    String problem = kubernetesProblem(lease.region, e);
                    if (!PodStart.timedOut(lease.scheduledAt, config.podStartTimeout(), now)) {
                        throw new IllegalStateException(problem, e);
                    }
                    String reason = "workload did not start within " + config.podStartTimeout().toSeconds() + " s: "
                            + problem;
                    LOG.warnf("lease %s fails: %s", lease.leaseId, reason);
                    leases.endLease(lease.leaseId, LeaseState.FAILED, now, reason);
                    return;
                }
                switch (phase.phase()) {
                    case RUNNING -> leases.markRunning(lease.leaseId, now);
                    case SUCCEEDED, FAILED, MISSING -> leases.endLease(lease.leaseId, LeaseState.FAILED, now,
                            "workload did not start: " + phase.phase().name().toLowerCase() + " " + phase.detail());
                    default -> {
                        if (PodStart.timedOut(lease.scheduledAt, config.podStartTimeout(), now)) {
                            leases.endLease(lease.leaseId, LeaseState.FAILED, now, "workload did not start within "
                                    + config.podStartTimeout().toSeconds() + " s" + (phase.detail().isEmpty() ? ""
                                    : " (" + phase.detail() + ")"));
                        }
                    }
                }
            }
            case RUNNING -> {
                if (!lease.endsAt.isAfter(now)) {
                    leases.endLease(lease.leaseId, LeaseState.EXPIRED, lease.endsAt, "lease time is up");
                    return;
                }
                if (failedByNode(lease, now, freshestHeardAt, nodes)) {
                    return;
                }
                PodPhase phase = pods.phase(lease.region, lease.podNamespace, lease.podName);
                switch (phase.phase()) {
                    case SUCCEEDED -> leases.endLease(lease.leaseId, LeaseState.RELEASED, now, "workload completed");
                    case FAILED, MISSING -> leases.endLease(lease.leaseId, LeaseState.FAILED, now,
                            "workload " + phase.phase().name().toLowerCase() + " " + phase.detail());
                    default -> {
                    }
                }
            }
            default -> {
                if (!lease.podDeleted) {
                    pods.delete(lease.region, lease.podNamespace, lease.podName);
                    podsDeleted.add(lease.leaseId);
                }
            }
        }
    }
}
