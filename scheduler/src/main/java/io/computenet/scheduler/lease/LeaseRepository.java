package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.placement.ClusterPolicy;
import io.computenet.placement.policy.TaskShape;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.decision.Bookings;
import io.computenet.scheduler.decision.Preemption;
import io.computenet.scheduler.kubernetes.PodChanged;
import io.computenet.scheduler.placement.RecentLeases;
import io.computenet.scheduler.quota.Admission;
import io.computenet.scheduler.quota.HeldLeases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads of the lease rows, in the caller's transaction: the inputs of lease decisions (bookings, holdings,
 * interruptible leases, what tenants hold), the leases the reconciler works on, and a tenant's own leases. It also
 * answers, for the packages below leases, what admission and the placement mix need of them ({@link HeldLeases},
 * {@link RecentLeases}).
 */
@ApplicationScoped
public class LeaseRepository implements HeldLeases, RecentLeases {

    @Inject
    EntityManager em;
    @Inject
    SchedulerConfig config;

    /** The tenant's leases, newest first. */
    List<LeaseEntity> ofTenant(String tenantId) {
        return LeaseEntity.list("tenantId = ?1 order by requestedAt desc", tenantId);
    }

    /** The queued leases, highest priority first, then oldest. */
    List<LeaseEntity> queued() {
        return LeaseEntity.list("state = " + LeaseEntity.state(LeaseState.QUEUED)
                + " order by priority desc, requestedAt, leaseId");
    }

    /**
     * The tenant and requested region (null: any) of every queued lease, or of every booking due by {@code dueBy}:
     * which allocation locks a pass over them takes. A projection, so the leases are read afresh once locked.
     */
    List<Object[]> waitingScopes(LeaseState state, Instant dueBy) {
        var query = LeaseEntity.getEntityManager().createQuery("select distinct l.tenantId, l.requestedRegion"
                + " from LeaseEntity l where l.state = ?1" + (dueBy == null ? "" : " and l.startsAt <= ?2"),
                Object[].class).setParameter(1, state);
        if (dueBy != null) {
            query.setParameter(2, dueBy);
        }
        return query.getResultList();
    }

    boolean anyQueued() {
        return LeaseEntity.count("state = " + LeaseEntity.state(LeaseState.QUEUED)) > 0;
    }

    /** The lease's place in the queue (1 = next): queued leases of higher priority, or as high and older, go first. */
    long queuePosition(LeaseEntity lease) {
        return LeaseEntity.count("state = " + LeaseEntity.state(LeaseState.QUEUED)
                + " and (priority > ?1 or (priority = ?1 and requestedAt < ?2))", lease.priority, lease.requestedAt) + 1;
    }

    /** The advance bookings due to start by {@code now}, in order. */
    List<LeaseEntity> dueBookings(Instant now) {
        return LeaseEntity.list("state = " + LeaseEntity.state(LeaseState.BOOKED)
                + " and startsAt <= ?1 order by startsAt, leaseId", now);
    }

    boolean anyBookingDue(Instant now) {
        return LeaseEntity.count("state = " + LeaseEntity.state(LeaseState.BOOKED) + " and startsAt <= ?1", now) > 0;
    }

    /** The lease under a row lock, or null. */
    LeaseEntity forUpdate(String leaseId) {
        return LeaseEntity.findById(leaseId, LockModeType.PESSIMISTIC_WRITE);
    }

    LeaseEntity owned(String leaseId, String tenantId) {
        return checkedOwner(LeaseEntity.findById(leaseId), leaseId, tenantId);
    }

    /**
     * Reads the lease under a row lock, so the state acted on is the current one. A lease this transaction read
     * before is re-read under the lock (a locking find on it would compare versions and fail with a stale-state
     * error whenever another transaction, the reconciler or the Pod watch, changed the row since). Callers must not
     * have changed the lease before: a re-read discards unflushed changes.
     */
    LeaseEntity ownedForUpdate(String leaseId, String tenantId) {
        LeaseEntity readBefore = managed(leaseId);
        if (readBefore != null) {
            em.refresh(readBefore, LockModeType.PESSIMISTIC_WRITE);
            return checkedOwner(readBefore, leaseId, tenantId);
        }
        return checkedOwner(LeaseEntity.findById(leaseId, LockModeType.PESSIMISTIC_WRITE), leaseId, tenantId);
    }

    /** The lease as this transaction's persistence context holds it, or null when it has not read it. */
    private LeaseEntity managed(String leaseId) {
        SessionImplementor session = em.unwrap(SessionImplementor.class);
        EntityPersister persister = session.getFactory().getMappingMetamodel()
                .getEntityDescriptor(LeaseEntity.class);
        return (LeaseEntity) session.getPersistenceContextInternal()
                .getEntity(session.generateEntityKey(leaseId, persister));
    }

    private static LeaseEntity checkedOwner(LeaseEntity lease, String leaseId, String tenantId) {
        if (lease == null || (tenantId != null && !tenantId.equals(lease.tenantId))) {
            throw new LeaseNotFoundException(leaseId);
        }
        return lease;
    }

    /** What each tenant holds now: devices x share of its live leases (fair share between tenants in the queue). */
    Map<String, BigDecimal> heldByTenant() {
        Map<String, BigDecimal> held = new java.util.HashMap<>();
        List<Object[]> rows = em.createQuery("select l.tenantId, sum(l.deviceCount * l.share) from LeaseEntity l"
                + " where l.state in " + LeaseEntity.LIVE_STATES + " group by l.tenantId", Object[].class)
                .getResultList();
        for (Object[] r : rows) {
            held.put((String) r[0], r[1] instanceof BigDecimal b ? b : new BigDecimal(r[1].toString()));
        }
        return held;
    }


    /**
     * For each endpoint among {@code leases}' (one query for all): the nodes its new replicas avoid while anything
     * else fits: those of its live replicas, and those of its replicas that failed after {@code failedAfter} (a node
     * that just failed one is suspect).
     */
    Map<String, Set<String>> replicaNodes(Collection<LeaseEntity> leases, Instant failedAfter) {
        Set<String> endpoints = leases.stream().map(l -> l.endpointId).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        Map<String, Set<String>> nodes = new HashMap<>();
        if (endpoints.isEmpty()) {
            return nodes;
        }
        em.createQuery("select l.endpointId, l.nodeId from LeaseEntity l where l.endpointId in ?1"
                        + " and l.nodeId is not null and (l.state in " + LeaseEntity.LIVE_STATES
                        + " or (l.state = " + LeaseEntity.state(LeaseState.FAILED) + " and l.endedAt > ?2))",
                Object[].class).setParameter(1, endpoints).setParameter(2, failedAfter).getResultList()
                .forEach(row -> nodes.computeIfAbsent((String) row[0], e -> new HashSet<>()).add((String) row[1]));
        return nodes;
    }

    /** What advance bookings reserve, for their windows (a gang's booking: one reservation per node). */
    List<Bookings.Reservation> reservations() {
        return LeaseEntity.<LeaseEntity>list("state = " + LeaseEntity.state(LeaseState.BOOKED)).stream()
                .flatMap(l -> l.reservations().stream()).toList();
    }

    /** What live leases hold now and until when (before a lease runs: its start timeout plus its duration). */
    List<Bookings.Holding> holdings(Instant now) {
        List<LeaseEntity> live = LeaseEntity.list("state in " + LeaseEntity.LIVE_STATES);
        return live.stream().map(l -> new Bookings.Holding(l.nodeId, l.deviceKeyList(), l.endsAt != null ? l.endsAt
                : (l.scheduledAt != null ? l.scheduledAt : now).plus(config.podStartTimeout())
                .plusSeconds(l.durationSeconds))).toList();
    }

    /** Live interruptible leases that hold devices: what an on-demand lease may preempt. */
    List<Preemption.Victim> victims() {
        List<LeaseEntity> live = LeaseEntity.list("interruptible = true and state in " + LeaseEntity.LIVE_STATES);
        return live.stream().map(l -> new Preemption.Victim(l.leaseId, l.nodeId, l.deviceKeyList(), l.priority,
                l.startedAt != null ? l.startedAt : l.scheduledAt, l.sliceMode != null)).toList();
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
    public Map<PodChanged, LeaseEntity> liveLeasesOfPods(
            List<PodChanged> pods) {
        List<String> labels = pods.stream().map(PodChanged::leaseId)
                .filter(java.util.Objects::nonNull).distinct().toList();
        Map<String, LeaseEntity> byId = labels.isEmpty() ? Map.of() : LeaseEntity.<LeaseEntity>list(
                "leaseId in ?1", labels).stream().collect(Collectors.toMap(l -> l.leaseId, l -> l));
        Map<PodChanged, LeaseEntity> live = new java.util.HashMap<>();
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

    /**
     * The tenant's leases that may count this month: live ones, and those that ended this month or later. Read as
     * scalar columns, not entities: a busy tenant has thousands of leases a month, and this runs under the allocation
     * lock.
     */
    @Override
    public List<Admission.Held> heldInMonthOf(String tenantId, Instant now) {
        Instant monthStart = YearMonth.from(now.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC);
        List<Object[]> rows = em.createQuery("select l.state, l.deviceCount, l.startedAt, l.startsAt, l.requestedAt,"
                        + " l.endsAt, l.endedAt, l.durationSeconds, l.region, l.requestedRegion, l.vendor,"
                        + " l.requestedVendor, l.share from LeaseEntity l where l.tenantId = ?1"
                        + " and (l.endedAt is null or l.endedAt >= ?2)", Object[].class)
                .setParameter(1, tenantId).setParameter(2, monthStart).getResultList();
        List<Admission.Held> held = new java.util.ArrayList<>(rows.size());
        for (Object[] r : rows) {
            boolean live = !((io.computenet.contracts.lease.LeaseState) r[0]).isTerminal();
            Instant startedAt = (Instant) r[2];
            Instant startsAt = (Instant) r[3];
            Instant start = startedAt != null ? startedAt
                    : startsAt != null && live ? startsAt : (live ? now : (Instant) r[4]);
            Instant end = live ? (r[5] != null ? (Instant) r[5] : start.plusSeconds((Long) r[7]))
                    : (startedAt == null ? start : (Instant) r[6]); // never started: nothing used
            Admission.Held h = new Admission.Held((Integer) r[1], start, end, live,
                    r[8] != null ? (String) r[8] : (String) r[9], r[10] != null ? (Vendor) r[10] : (Vendor) r[11],
                    (BigDecimal) r[12]);
            if (h.live() || h.end().isAfter(h.start())) {
                held.add(h);
            }
        }
        return held;
    }


    @Override
    public List<TaskShape> shapes(int max) {
        List<Object[]> rows = em.createQuery("select l.deviceCount, l.share, l.requestedModel, l.cpuCount,"
                        + " l.nodeCount from LeaseEntity l"
                        + " where l.nodeId is not null and l.scheduledAt is not null"
                        + " order by case when l.state in " + LeaseEntity.LIVE_STATES
                        + " then 0 else 1 end, l.scheduledAt desc", Object[].class)
                .setMaxResults(max)
                .getResultList();
        List<TaskShape> shapes = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            int perNode = ((Number) r[0]).intValue() / Math.max(1, ((Number) r[4]).intValue());
            shapes.add(ClusterPolicy.leaseShape(((Number) r[0]).intValue(), (BigDecimal) r[1], (String) r[2],
                    ClusterPolicy.hostCpuMilli((Integer) r[3], perNode, (BigDecimal) r[1])));
        }
        return shapes;
    }
}
