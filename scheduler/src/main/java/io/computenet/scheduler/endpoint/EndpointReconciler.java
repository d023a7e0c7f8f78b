package io.computenet.scheduler.endpoint;

import io.computenet.contracts.lease.LeaseState;
import io.computenet.problem.ProblemException;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.decision.Autoscaling;
import io.computenet.scheduler.decision.EndpointStatus;
import io.computenet.scheduler.decision.ReplicaPlan;
import io.computenet.scheduler.funds.TenantFunds;
import io.computenet.scheduler.kubernetes.PodGateway;
import io.computenet.scheduler.kubernetes.ReplicaReadinessChanged;
import io.computenet.scheduler.kubernetes.ServingPods;
import io.computenet.scheduler.kubernetes.WorkloadSpec;
import io.computenet.scheduler.lease.LeaseEntity;
import io.computenet.scheduler.lease.LeaseIntake;
import io.computenet.scheduler.lease.LeaseService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps each endpoint's live replica leases equal to what it wants, level-triggered and idempotent (a crash or a
 * second scheduler instance repeating a step does no harm):
 * <ol>
 *   <li>reads each live replica's readiness and address from its Pod ({@link PodGateway#readiness}: the region's
 *   watch cache) and records changes on the lease;</li>
 *   <li>under the endpoint's row lock, taken with {@code skip locked} so two instances never work on one endpoint at
 *   once, sets its desired replicas ({@link Autoscaling}) and applies the pure {@link ReplicaPlan}: surplus replicas
 *   released, missing ones requested through the ordinary lease intake (each replica is a lease of the tenant:
 *   placement, price ceiling, budget, billing by lease events), a refusal recorded on the endpoint; a new replica
 *   avoids the nodes of the endpoint's live replicas and of those that failed within the status's failure window
 *   while another node fits ({@code LeaseRequest#avoiding}), so one node's death takes one replica, not all, and its
 *   replacement does not go back to the node that just failed;</li>
 *   <li>renews running replicas before their booking runs out (each renewal its own transaction, checked again under
 *   the lease's row lock);</li>
 *   <li>for a deleted endpoint whose replicas are all gone, deletes its Service in every region.</li>
 * </ol>
 * The lease reconciler creates a replica's Pod and the endpoint's Service in its region, and deletes the Pods of
 * ended replicas, as for any lease.
 */
@ApplicationScoped
public class EndpointReconciler {

    private static final Logger LOG = Logger.getLogger(EndpointReconciler.class);

    /** How long a replica request may wait in the queue before it fails (and a new one is requested). */
    static final int REPLICA_MAX_WAIT_MINUTES = 10;

    /** Identity of the periodic tick (for {@code io.quarkus.scheduler.Scheduler#pause}). */
    public static final String TICK = "endpoint-reconciler";

    @Inject
    EntityManager em;
    @Inject
    LeaseIntake intake;
    @Inject
    LeaseService leases;
    @Inject
    TenantFunds funds;
    @Inject
    PodGateway pods;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;

    /** Endpoints whose replicas' readiness a region's watch saw change, waiting for {@link #recordReadiness}. */
    private final Set<String> readinessChanged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private java.util.concurrent.ExecutorService prompt;

    @jakarta.annotation.PostConstruct
    void startPromptReadiness() {
        prompt = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "endpoint-replica-readiness");
            t.setDaemon(true);
            return t;
        });
    }

    /** At the start of shutdown, before the database is closed: the next start reads every replica again. */
    void stopPromptReadiness(@jakarta.enterprise.event.Observes @jakarta.annotation.Priority(
            jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) io.quarkus.runtime.ShutdownEvent event) {
        stopPromptReadiness();
    }

    @jakarta.annotation.PreDestroy
    void stopPromptReadiness() {
        prompt.shutdownNow();
        readinessChanged.clear();
    }

    /**
     * Called on a region's watch thread when a replica's Pod starts or stops serving: only queues its endpoint, whose
     * replicas' readiness is then recorded at once (the Pod's readiness probe reaches the routing table without
     * waiting for the tick; the tick still reads it, should an event be lost).
     */
    void onReplicaReadiness(@jakarta.enterprise.event.Observes ReplicaReadinessChanged change) {
        if (readinessChanged.add(change.endpointId())) {
            try {
                prompt.execute(() -> {
                    readinessChanged.remove(change.endpointId());
                    try {
                        recordReadiness(change.endpointId());
                    } catch (RuntimeException e) {
                        LOG.debugf("endpoint %s: readiness left to the tick: %s", change.endpointId(), e.getMessage());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                readinessChanged.remove(change.endpointId()); // shutting down
            }
        }
    }

    @Scheduled(identity = TICK, every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    void tick() {
        List<String> ids = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select e.endpointId from EndpointEntity e where e.cleanedUp = false order by e.endpointId",
                String.class).getResultList());
        for (String id : ids) {
            try {
                reconcile(id);
            } catch (RuntimeException e) {
                LOG.warnf("endpoint %s: reconcile will retry: %s", id, e.getMessage());
            }
        }
    }

    /** One pass over one endpoint. */
    void reconcile(String endpointId) {
        recordReadiness(endpointId);
        List<String> renew = QuarkusTransaction.requiringNew().call(() -> plan(endpointId));
        Instant now = clock.instant();
        for (String leaseId : renew) {
            try {
                if (leases.renewReplica(leaseId, ReplicaPlan.REPLICA_TERM, now.plus(ReplicaPlan.RENEW_AHEAD))) {
                    LOG.debugf("endpoint %s: replica %s renewed", endpointId, leaseId);
                }
            } catch (ProblemException e) {
                LOG.warnf("endpoint %s: replica %s not renewed (it ends at its booked time and is replaced if "
                        + "the endpoint still wants it): %s", endpointId, leaseId, e.getMessage());
            }
        }
    }

    /**
     * Records on each live replica lease whether its Pod serves and where. A bulk update of two columns: it neither
     * takes nor changes the lease's version, so it cannot conflict with the lease reconciler moving the lease.
     */
    private void recordReadiness(String endpointId) {
        List<LeaseEntity> replicas = QuarkusTransaction.requiringNew().call(() -> LeaseEntity.<LeaseEntity>list(
                "endpointId = ?1 and state in " + LeaseEntity.LIVE_STATES, endpointId));
        for (LeaseEntity l : replicas) {
            ServingPods.Readiness readiness;
            try {
                readiness = l.state == LeaseState.RUNNING ? pods.readiness(l.region, l.podNamespace, l.podName)
                        : ServingPods.Readiness.NOT_READY;
            } catch (RuntimeException e) {
                LOG.debugf("replica %s: readiness not read, kept as it was: %s", l.leaseId, e.getMessage());
                continue;
            }
            String url = readiness.url() != null ? readiness.url() : l.replicaUrl;
            if (readiness.ready() != l.replicaReady || !java.util.Objects.equals(url, l.replicaUrl)) {
                QuarkusTransaction.requiringNew().run(() -> em.createQuery("update LeaseEntity l set"
                                + " l.replicaReady = ?1, l.replicaUrl = ?2 where l.leaseId = ?3")
                        .setParameter(1, readiness.ready()).setParameter(2, url).setParameter(3, l.leaseId)
                        .executeUpdate());
                LOG.infof("endpoint %s: replica %s %s at %s", endpointId, l.leaseId,
                        readiness.ready() ? "ready" : "not ready", url);
            }
        }
    }

    /**
     * Under the endpoint's row lock (skipped when another instance holds it): scales, releases or requests replicas,
     * and returns the running replicas to renew.
     */
    private List<String> plan(String endpointId) {
        EndpointEntity e = em.find(EndpointEntity.class, endpointId, LockModeType.PESSIMISTIC_WRITE,
                Map.of("jakarta.persistence.lock.timeout", org.hibernate.LockOptions.SKIP_LOCKED));
        if (e == null || e.cleanedUp) {
            return List.of();
        }
        Instant now = clock.instant();
        int was = e.desiredReplicas;
        if (e.deleted()) {
            e.desiredReplicas = 0;
            e.scaleDownSince = null;
        } else {
            EndpointService.rescale(e, config.endpoints().scaleDownDelay(), clock);
        }
        int desired = e.desiredReplicas;
        if (desired != was) {
            LOG.infof("endpoint %s: %d replica(s) wanted (was %d)", endpointId, desired, was);
        }
        List<LeaseEntity> replicas = EndpointService.liveReplicas(endpointId);
        ReplicaPlan.Plan plan = ReplicaPlan.plan(desired, replicas.stream()
                .map(l -> new ReplicaPlan.Replica(l.leaseId, l.state, l.replicaReady, l.requestedAt, l.endsAt))
                .toList(), e.refusedAt, now);
        for (String leaseId : plan.toRelease()) {
            LOG.infof("endpoint %s: releasing replica %s", endpointId, leaseId);
            leases.release(leaseId, e.tenantId);
        }
        // replicas spread: a new one avoids the nodes of the live ones (those released now aside), and those of
        // replicas that failed lately (a node that just failed one is suspect), while any other node fits
        Set<String> serving = new HashSet<>();
        replicas.stream().filter(l -> l.nodeId != null && !plan.toRelease().contains(l.leaseId))
                .forEach(l -> serving.add(l.nodeId));
        if (plan.toRequest() > 0) {
            LeaseEntity.<LeaseEntity>list("endpointId = ?1 and state = ?2 and endedAt > ?3 and nodeId is not null",
                    endpointId, LeaseState.FAILED, now.minus(EndpointStatus.FAILURE_WINDOW))
                    .forEach(l -> serving.add(l.nodeId));
        }
        for (int i = 0; i < plan.toRequest(); i++) {
            try {
                funds.admit(e.tenantId, "an inference replica");
                // the intake creates the lease in its own transaction, committed when this returns: a second
                // instance, waiting for this row lock, then counts it
                var lease = intake.request(EndpointService.replicaRequest(e,
                        (int) ReplicaPlan.REPLICA_TERM.toMinutes(), REPLICA_MAX_WAIT_MINUTES).avoiding(serving),
                        new WorkloadSpec.Serving(e.endpointId, e.model, e.revision,
                                io.computenet.placement.capability.Framework.parse(e.framework)));
                if (lease.nodeId() != null) {
                    serving.add(lease.nodeId());
                }
                LOG.infof("endpoint %s: replica %s requested (%s on %s)", endpointId, lease.leaseId(), lease.state(),
                        lease.nodeId());
                e.refusal = null;
                e.refusedAt = null;
            } catch (ProblemException refused) {
                List<String> reasons = new ArrayList<>();
                reasons.add(refused.getMessage());
                reasons.addAll(refused.toProblem().reasons() == null ? List.of() : refused.toProblem().reasons());
                e.refusal = String.join("\n", reasons);
                e.refusedAt = now;
                LOG.warnf("endpoint %s: replica refused: %s", endpointId, e.refusal);
                break;
            }
        }
        if (e.deleted() && plan.toRelease().size() == replicas.size()) {
            for (String region : config.regions().keySet()) {
                pods.deleteService(region, config.namespace(), ServingPods.serviceName(endpointId));
            }
            e.cleanedUp = true;
            LOG.infof("endpoint %s: deleted, every replica released and its Services deleted", endpointId);
        }
        return plan.toRenew();
    }
}
