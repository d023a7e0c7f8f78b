package io.computenet.scheduler.endpoint;

import io.computenet.contracts.api.endpoint.ApiKeyCreated;
import io.computenet.contracts.api.endpoint.ApiKeyView;
import io.computenet.contracts.api.endpoint.EndpointCreated;
import io.computenet.contracts.api.endpoint.EndpointRequest;
import io.computenet.contracts.api.endpoint.EndpointRoutes;
import io.computenet.contracts.api.endpoint.EndpointView;
import io.computenet.contracts.api.endpoint.TrafficReport;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inference.EndpointUsageEvent;
import io.computenet.scheduler.outbox.Outbox;

import io.computenet.contracts.lease.LeaseState;
import io.computenet.placement.capability.Framework;
import io.computenet.problem.ProblemException;
import io.computenet.scheduler.decision.Autoscaling;
import io.computenet.scheduler.decision.EndpointStatus;
import io.computenet.scheduler.decision.LeaseDecision;
import io.computenet.problem.FieldProblem;
import io.computenet.scheduler.lease.LeaseEntity;
import io.computenet.scheduler.lease.LeaseRequest;
import io.computenet.scheduler.lease.LeaseService;
import io.computenet.contracts.api.LeaseView;
import io.computenet.scheduler.lease.LeaseViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Inference endpoints as their tenants and the gateway use them: create, read, list, delete, API keys, the routing
 * table and the traffic reports. The replicas themselves are driven by {@link EndpointReconciler}; the decisions are
 * the pure {@link Autoscaling} and {@link EndpointStatus}.
 */
@ApplicationScoped
public class EndpointService {

    /** The frameworks endpoints can be served with: those {@code ServingPods} has images and arguments for. */
    static final List<Framework> SERVING_FRAMEWORKS = List.of(Framework.VLLM, Framework.SGLANG);

    private final SecureRandom random = new SecureRandom();

    @Inject
    EntityManager em;
    @Inject
    LeaseService leases;
    @Inject
    Clock clock;
    @Inject
    Outbox outbox;
    @Inject
    io.computenet.scheduler.SchedulerConfig config;

    @Transactional
    public EndpointCreated create(EndpointRequest r) {
        Framework framework = serving(r.frameworkOrDefault());
        if (r.maxReplicasOrDefault() < r.minReplicasOrDefault()) {
            throw new FieldProblem("maxReplicas", "must be at least minReplicas (" + r.minReplicasOrDefault()
                    + ")");
        }
        if (EndpointEntity.count("tenantId = ?1 and name = ?2 and deletedAt is null", r.tenantId(), r.name()) > 0) {
            throw exists(r);
        }
        Instant now = clock.instant();
        EndpointEntity e = new EndpointEntity();
        e.endpointId = ApiKeys.endpointId(random);
        e.tenantId = r.tenantId();
        e.name = r.name();
        e.model = r.model();
        e.revision = r.revisionOrDefault();
        e.framework = framework.displayName();
        e.memoryGiB = r.memoryGiB();
        e.minReplicas = r.minReplicasOrDefault();
        e.maxReplicas = r.maxReplicasOrDefault();
        e.region = r.region();
        e.maxPricePerHour = r.maxPricePerHour();
        e.rateLimitPerMinute = r.rateLimitOrDefault();
        e.targetConcurrency = r.targetConcurrencyOrDefault();
        e.idleMinutes = r.idleMinutesOrDefault();
        e.createdAt = now;
        e.desiredReplicas = Autoscaling.desired(e.policy(), e.load(), clock);
        e.persist();
        try {
            em.flush();
        } catch (jakarta.persistence.PersistenceException ex) {
            // another request created the same name between the check and the insert (unique index)
            throw exists(r);
        }
        ApiKeyCreated key = newKey(e.endpointId, now);
        return new EndpointCreated(view(e, now), key, null);
    }

    private static ProblemException exists(EndpointRequest r) {
        return new ProblemException(409, "endpoint-exists", "Endpoint exists",
                "tenant " + r.tenantId() + " already has an endpoint named " + r.name(), List.of());
    }

    /** The framework named, if endpoints can be served with it; otherwise a 400 naming the field. */
    static Framework serving(String name) {
        Framework framework;
        try {
            framework = Framework.parse(name);
        } catch (IllegalArgumentException e) {
            throw new FieldProblem("framework", e.getMessage());
        }
        if (!SERVING_FRAMEWORKS.contains(framework)) {
            throw new FieldProblem("framework", framework.displayName() + " cannot serve endpoints yet; "
                    + "endpoints are served with " + SERVING_FRAMEWORKS.stream().map(Framework::displayName)
                    .collect(Collectors.joining(", ")));
        }
        return framework;
    }

    @Transactional
    public List<EndpointView> list(String tenantId) {
        Instant now = clock.instant();
        return EndpointEntity.<EndpointEntity>list("tenantId = ?1 and deletedAt is null order by name", tenantId)
                .stream().map(e -> view(e, now)).toList();
    }

    @Transactional
    public EndpointView get(String name, String tenantId) {
        return view(live(name, tenantId, false), clock.instant());
    }

    /**
     * Deletes the endpoint: its keys are revoked and every replica lease released now (billing stops), its Services
     * are deleted by the reconciler. Deleting a deleted or unknown endpoint is a 404.
     */
    @Transactional
    public void delete(String name, String tenantId) {
        EndpointEntity e = live(name, tenantId, true);
        Instant now = clock.instant();
        e.deletedAt = now;
        e.desiredReplicas = 0;
        em.createQuery("update ApiKeyEntity k set k.revokedAt = ?1 where k.endpointId = ?2 and k.revokedAt is null")
                .setParameter(1, now).setParameter(2, e.endpointId).executeUpdate();
        for (LeaseEntity replica : liveReplicas(e.endpointId)) {
            leases.release(replica.leaseId, e.tenantId);
        }
    }

    @Transactional
    public ApiKeyCreated createKey(String name, String tenantId) {
        EndpointEntity e = live(name, tenantId, true);
        return newKey(e.endpointId, clock.instant());
    }

    @Transactional
    public List<ApiKeyView> keys(String name, String tenantId) {
        EndpointEntity e = live(name, tenantId, false);
        return ApiKeyEntity.<ApiKeyEntity>list("endpointId = ?1 order by createdAt, keyId", e.endpointId).stream()
                .map(k -> new ApiKeyView(k.keyId, k.prefix, k.createdAt, k.revokedAt, k.requests, k.promptTokens,
                        k.completionTokens)).toList();
    }

    /** Revokes the key (revoking a revoked key changes nothing); a key of another endpoint is a 404. */
    @Transactional
    public void revokeKey(String name, String tenantId, String keyId) {
        EndpointEntity e = live(name, tenantId, false);
        ApiKeyEntity key = ApiKeyEntity.findById(keyId, LockModeType.PESSIMISTIC_WRITE);
        if (key == null || !key.endpointId.equals(e.endpointId)) {
            throw new ProblemException(404, "api-key-not-found", "API key not found",
                    "endpoint " + name + " has no API key " + keyId, List.of());
        }
        if (key.revokedAt == null) {
            key.revokedAt = clock.instant();
        }
    }

    /** The gateway's routing table: every live endpoint, its active keys' hashes and its live replicas. */
    @Transactional
    public EndpointRoutes routes() {
        Instant now = clock.instant();
        List<EndpointEntity> endpoints = EndpointEntity.list("deletedAt is null order by endpointId");
        Map<String, List<ApiKeyEntity>> keys = ApiKeyEntity.<ApiKeyEntity>list(
                        "revokedAt is null and endpointId in (select e.endpointId from EndpointEntity e"
                                + " where e.deletedAt is null) order by keyId")
                .stream().collect(Collectors.groupingBy(k -> k.endpointId));
        // one read for every endpoint: the live replicas and those that ended within the status's failure window
        Map<String, List<LeaseEntity>> replicas = LeaseEntity.<LeaseEntity>list("endpointId is not null and (state in "
                        + LeaseEntity.states(LeaseState.QUEUED, LeaseState.BOOKED, LeaseState.SCHEDULED,
                        LeaseState.STARTING, LeaseState.RUNNING) + " or endedAt > ?1) order by leaseId",
                        now.minus(EndpointStatus.FAILURE_WINDOW))
                .stream().collect(Collectors.groupingBy(l -> l.endpointId));
        return new EndpointRoutes(now, endpoints.stream().map(e -> {
            List<LeaseEntity> own = replicas.getOrDefault(e.endpointId, List.of());
            return new EndpointRoutes.EndpointRoute(e.endpointId, e.tenantId, e.name, e.model,
                    status(e, own, now).state().name(), e.rateLimitPerMinute, keys.getOrDefault(e.endpointId, List.of())
                    .stream().map(k -> new EndpointRoutes.RouteKey(k.keyId, k.sha256)).toList(),
                    own.stream().filter(l -> l.state == LeaseState.SCHEDULED || l.state == LeaseState.STARTING
                                    || l.state == LeaseState.RUNNING)
                            .map(l -> new EndpointRoutes.RouteReplica(l.leaseId, l.region, l.replicaUrl,
                                    l.replicaReady && l.state == LeaseState.RUNNING)).toList());
        }).toList());
    }

    /**
     * Counts a traffic report once (a repeated {@code reportId} changes nothing): adds the requests and tokens per
     * endpoint and per key, records the load, sets each endpoint's desired replicas from it, and sends billing one
     * {@code endpoint.usage} event per key that was served (through the outbox, so exactly what was counted). Endpoints are locked
     * in id order, so reports of two gateways cannot deadlock.
     */
    @Transactional
    public void traffic(TrafficReport report) {
        Instant now = clock.instant();
        int fresh = em.createNativeQuery("insert into endpoint_traffic_reports (report_id, received_at) values (?1, ?2)"
                        + " on conflict do nothing").setParameter(1, report.reportId()).setParameter(2, now)
                .executeUpdate();
        if (fresh == 0) {
            return;
        }
        Instant windowEnd = report.windowEnd() == null || report.windowEnd().isAfter(now) ? now : report.windowEnd();
        Instant windowStart = report.windowStart() == null || report.windowStart().isAfter(windowEnd) ? windowEnd
                : report.windowStart();
        List<EndpointUsageEvent> usage = new java.util.ArrayList<>();
        List<TrafficReport.EndpointTraffic> sorted = report.endpoints().stream()
                .sorted(Comparator.comparing(TrafficReport.EndpointTraffic::endpointId)).toList();
        for (TrafficReport.EndpointTraffic t : sorted) {
            EndpointEntity e = EndpointEntity.findById(t.endpointId(), LockModeType.PESSIMISTIC_WRITE);
            if (e == null || e.deleted()) {
                continue; // deleted meanwhile: nothing to scale, its counters are final
            }
            e.requests += t.requests();
            e.promptTokens += t.promptTokens();
            e.completionTokens += t.completionTokens();
            e.inFlight = t.inFlight();
            e.waiting = t.waiting();
            e.loadReportedAt = now;
            if (t.active()) {
                e.lastRequestAt = now;
            }
            rescale(e, config.endpoints().scaleDownDelay(), clock);
            for (TrafficReport.KeyTraffic k : t.byKey() == null ? List.<TrafficReport.KeyTraffic>of() : t.byKey()) {
                int counted = em.createQuery("update ApiKeyEntity k set k.requests = k.requests + ?1, k.promptTokens ="
                                + " k.promptTokens + ?2, k.completionTokens = k.completionTokens + ?3"
                                + " where k.keyId = ?4 and k.endpointId = ?5")
                        .setParameter(1, k.requests()).setParameter(2, k.promptTokens())
                        .setParameter(3, k.completionTokens()).setParameter(4, k.keyId())
                        .setParameter(5, e.endpointId).executeUpdate();
                if (counted == 1 && k.requests() > 0) {
                    usage.add(EndpointUsageEvent.of(report.reportId().toString(), e.tenantId, e.endpointId, e.name,
                            k.keyId(), windowStart, windowEnd, k.requests(), k.promptTokens(), k.completionTokens()));
                }
            }
        }
        // billing's record of requests and tokens per key, in the same transaction as the counters (outbox)
        outbox.addAll(Topics.ENDPOINT_USAGE, usage);
    }

    /** Sets the replicas the endpoint wants ({@link Autoscaling#next}: out at once, in after the scale-down delay). */
    static void rescale(EndpointEntity e, java.time.Duration scaleDownDelay, Clock clock) {
        Autoscaling.Scale next = Autoscaling.next(e.policy(), e.load(), e.scale(), scaleDownDelay, clock);
        e.desiredReplicas = next.replicas();
        e.scaleDownSince = next.lowSince();
    }

    private ApiKeyCreated newKey(String endpointId, Instant now) {
        ApiKeys.NewKey generated = ApiKeys.generate(random);
        ApiKeyEntity key = new ApiKeyEntity();
        key.keyId = ApiKeys.keyId(random);
        key.endpointId = endpointId;
        key.prefix = generated.prefix();
        key.sha256 = generated.sha256();
        key.createdAt = now;
        key.persist();
        return new ApiKeyCreated(key.keyId, key.prefix, generated.key(), now);
    }

    /** The tenant's live endpoint of that name (locked when asked), or a 404. */
    private EndpointEntity live(String name, String tenantId, boolean lock) {
        var query = EndpointEntity.<EndpointEntity>find("tenantId = ?1 and name = ?2 and deletedAt is null",
                tenantId, name);
        EndpointEntity e = (lock ? query.withLock(LockModeType.PESSIMISTIC_WRITE) : query).firstResult();
        if (e == null) {
            throw new ProblemException(404, "endpoint-not-found", "Endpoint not found",
                    "tenant " + tenantId + " has no endpoint named " + name, List.of());
        }
        return e;
    }

    static List<LeaseEntity> liveReplicas(String endpointId) {
        return LeaseEntity.list("endpointId = ?1 and state in " + LeaseEntity.states(LeaseState.QUEUED,
                LeaseState.BOOKED, LeaseState.SCHEDULED, LeaseState.STARTING, LeaseState.RUNNING)
                + " order by requestedAt, leaseId", endpointId);
    }

    /** The live replicas and those that ended within the failure window (the status counts recent failures). */
    static List<LeaseEntity> replicasForStatus(String endpointId, Instant now) {
        return LeaseEntity.list("endpointId = ?1 and (state in " + LeaseEntity.states(LeaseState.QUEUED,
                LeaseState.BOOKED, LeaseState.SCHEDULED, LeaseState.STARTING, LeaseState.RUNNING)
                + " or endedAt > ?2) order by requestedAt, leaseId", endpointId,
                now.minus(EndpointStatus.FAILURE_WINDOW));
    }

    static EndpointStatus.Status status(EndpointEntity e, List<LeaseEntity> replicas, Instant now) {
        return EndpointStatus.of(e.deleted(), e.desiredReplicas, replicas.stream()
                .map(l -> new EndpointStatus.Replica(l.state, l.replicaReady && l.state == LeaseState.RUNNING,
                        l.state == LeaseState.QUEUED ? l.pendingReasonList() : List.of(), l.reason, l.endedAt))
                .toList(), e.refusal, now);
    }

    EndpointView view(EndpointEntity e, Instant now) {
        List<LeaseEntity> replicas = replicasForStatus(e.endpointId, now);
        EndpointStatus.Status status = status(e, replicas, now);
        List<EndpointView.ReplicaView> live = replicas.stream().filter(l -> !l.state.isTerminal()).map(l -> {
            LeaseView lease = LeaseViews.of(l);
            return new EndpointView.ReplicaView(l.leaseId, l.state, l.replicaReady && l.state == LeaseState.RUNNING,
                    l.region, l.nodeId, l.vendor, l.deviceModel, l.sliceProfile, l.replicaUrl, lease.pricePerHour(),
                    lease.currency());
        }).toList();
        EndpointView.ReplicaView cheapest = live.stream().filter(r -> r.nodeId() != null && r.pricePerHour() != null)
                .min(Comparator.comparing(EndpointView.ReplicaView::pricePerHour)).orElse(null);
        return new EndpointView(e.endpointId, e.name, e.tenantId, e.model, e.revision, e.framework,
                new BigDecimal(e.memoryGiB.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()), e.minReplicas, e.maxReplicas,
                e.desiredReplicas, e.region, e.maxPricePerHour, e.rateLimitPerMinute, e.targetConcurrency,
                e.idleMinutes, status.state(), status.reasons(), live,
                cheapest == null ? null : cheapest.pricePerHour(),
                cheapest == null ? LeaseDecision.CURRENCY : Objects.requireNonNullElse(cheapest.currency(),
                        LeaseDecision.CURRENCY), e.requests, e.promptTokens, e.completionTokens, e.createdAt, null);
    }

    /** The lease request of one replica: one device (or a slice) with the endpoint's memory, framework and limits. */
    static LeaseRequest replicaRequest(EndpointEntity e, int termMinutes, int maxWaitMinutes) {
        return new LeaseRequest(e.tenantId, e.memoryGiB, 1, e.region, null,
                io.computenet.placement.WorkloadClass.INFERENCE, termMinutes, null, null, null, maxWaitMinutes, false,
                null, null, null, null, e.framework, e.maxPricePerHour, null);
    }

}
