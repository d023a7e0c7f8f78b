package io.computenet.billing.usage;

import io.computenet.contracts.usage.UsageEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores usage samples (a redelivered sample is ignored by its event id; one dated after its lease ended is refused)
 * and reads a lease's series.
 */
@ApplicationScoped
public class UsageSamples {

    /** As {@code MeteringService}'s: a batch may take long on a starved machine. */
    static final int BATCH_TIMEOUT_SECONDS = 300;
    /** A sample stored once: a redelivered one (same event id) changes nothing. */
    private static final String INSERT_SQL = "insert into usage_samples (event_id, lease_id, node_id, device_key,"
            + " sampled_at, utilization_pct, memory_used_mib) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing";

    @Inject
    EntityManager em;

    /** One stored sample. */
    public record Sample(Instant sampledAt, String nodeId, String deviceKey, Double utilizationPct,
                         Long memoryUsedMiB) {
    }

    /**
     * Stores the sample unless it is dated after its lease's end ({@link SampleAdmission}).
     *
     * @return why it was refused, or empty when it was stored (or was stored before)
     */
    @Transactional
    public java.util.Optional<String> store(UsageEvent e) {
        return storeInTransaction(e);
    }

    /**
     * Stores a batch of samples in one transaction, as {@link #store} each.
     *
     * @return why each refused sample was refused (the others were stored, now or before)
     */
    @Transactional
    @TransactionConfiguration(timeout = BATCH_TIMEOUT_SECONDS)
    public List<String> storeAll(List<UsageEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        // two round trips for the batch: its leases' ends in one query, its samples as one JDBC batch
        return em.unwrap(Session.class).doReturningWork(c -> {
            Map<String, Instant> ends = endsOf(c, events.stream().map(UsageEvent::leaseId).distinct().toList());
            List<String> refusals = new java.util.ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(INSERT_SQL)) {
                int batched = 0;
                for (UsageEvent e : events) {
                    java.util.Optional<String> refusal = SampleAdmission.refusal(e.leaseId(), e.occurredAt(),
                            ends.get(e.leaseId()));
                    if (refusal.isPresent()) {
                        refusals.add(refusal.get());
                        continue;
                    }
                    s.setString(1, e.eventId());
                    s.setString(2, e.leaseId());
                    s.setString(3, e.nodeId());
                    s.setString(4, e.deviceKey());
                    s.setObject(5, OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC));
                    s.setObject(6, e.utilizationPct(), Types.DOUBLE);
                    s.setObject(7, e.memoryUsedMiB(), Types.BIGINT);
                    s.addBatch();
                    batched++;
                }
                if (batched > 0) {
                    s.executeBatch();
                }
            }
            return refusals;
        });
    }

    /** The end of each of these leases that has ended (one query). */
    private static Map<String, Instant> endsOf(Connection c, List<String> leaseIds) throws SQLException {
        Map<String, Instant> ends = new HashMap<>();
        Array ids = c.createArrayOf("varchar", leaseIds.toArray());
        try (PreparedStatement s = c.prepareStatement("select lease_id, ended_at from charges"
                + " where lease_id = any(?) and ended_at is not null")) {
            s.setArray(1, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ends.put(r.getString(1), r.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        } finally {
            ids.free();
        }
        return ends;
    }

    @SuppressWarnings("unchecked")
    private java.util.Optional<String> storeInTransaction(UsageEvent e) {
        List<Object> ended = em.createNativeQuery("select ended_at from charges where lease_id = ?1"
                + " and ended_at is not null").setParameter(1, e.leaseId()).getResultList();
        java.util.Optional<String> refusal = SampleAdmission.refusal(e.leaseId(), e.occurredAt(),
                ended.isEmpty() ? null : toInstant(ended.get(0)));
        if (refusal.isPresent()) {
            return refusal;
        }
        em.createNativeQuery("insert into usage_samples (event_id, lease_id, node_id, device_key, sampled_at, "
                        + "utilization_pct, memory_used_mib) values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict do nothing")
                .setParameter(1, e.eventId())
                .setParameter(2, e.leaseId())
                .setParameter(3, e.nodeId())
                .setParameter(4, e.deviceKey())
                .setParameter(5, e.occurredAt())
                .setParameter(6, e.utilizationPct())
                .setParameter(7, e.memoryUsedMiB())
                .executeUpdate();
        return java.util.Optional.empty();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<Sample> forLease(String leaseId, int limit) {
        List<Object[]> rows = em.createNativeQuery("select sampled_at, node_id, device_key, utilization_pct, "
                        + "memory_used_mib from (select * from usage_samples where lease_id = ?1 "
                        + "order by sampled_at desc limit ?2) latest order by sampled_at")
                .setParameter(1, leaseId)
                .setParameter(2, limit)
                .getResultList();
        return rows.stream().map(UsageSamples::sample).toList();
    }

    /** The samples of these nodes dated at or after {@code since}. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Sample> forNodes(List<String> nodeIds, Instant since) {
        List<Object[]> rows = em.createNativeQuery("select sampled_at, node_id, device_key, utilization_pct, "
                        + "memory_used_mib from usage_samples where node_id in (?1) and sampled_at >= ?2 "
                        + "order by sampled_at")
                .setParameter(1, nodeIds)
                .setParameter(2, since)
                .getResultList();
        return rows.stream().map(UsageSamples::sample).toList();
    }

    private static Sample sample(Object[] r) {
        return new Sample(toInstant(r[0]), (String) r[1], (String) r[2],
                r[3] == null ? null : ((Number) r[3]).doubleValue(),
                r[4] == null ? null : ((Number) r[4]).longValue());
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
