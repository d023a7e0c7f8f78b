package io.computenet.scheduler.identity;

import io.computenet.contracts.inventory.InventoryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What the operator is shown of a node that reported enrolled devices as other hardware: per device, the enrolled and
 * the last reported vendor, model and memory, when it was first and last reported so and how many records said so.
 * The records themselves are refused ({@link RecordCheck.Rejection#DEVICE_CHANGED}); the mismatch stays on the node
 * until it is enrolled again (a new identity: node ids are never reused).
 */
@ApplicationScoped
public class DeviceMismatches {

    @Inject
    EntityManager em;
    @Inject
    EnrollmentService enrollment;
    @Inject
    Clock clock;

    /** One enrolled device reported as other hardware. */
    public record Mismatch(String deviceKey, String enrolledVendor, String enrolledModel, Long enrolledMemoryMiB,
                           String reportedVendor, String reportedModel, long reportedMemoryMiB,
                           Instant firstReportedAt, Instant lastReportedAt, long records) {
    }

    /**
     * Records the changes a refused record of an enrolled node claims, in a transaction of its own (the record's own
     * batch may be rolled back). The signer was verified before the record was refused as a change.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(InventoryEvent event) {
        EnrolledNode node = enrollment.lookup(event.nodeId()).orElse(null);
        if (node == null) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (DeviceClaims.Change c : DeviceClaims.changes(node.devices(), event.devices())) {
            em.createNativeQuery("insert into device_claim_mismatches (node_id, device_key, enrolled_vendor,"
                            + " enrolled_model, enrolled_memory_mib, reported_vendor, reported_model, reported_memory_mib,"
                            + " first_reported_at, last_reported_at, records)"
                            + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, 1)"
                            + " on conflict (node_id, device_key) do update set reported_vendor = excluded.reported_vendor,"
                            + " reported_model = excluded.reported_model,"
                            + " reported_memory_mib = excluded.reported_memory_mib,"
                            + " last_reported_at = excluded.last_reported_at,"
                            + " records = device_claim_mismatches.records + 1")
                    .setParameter(1, node.nodeId()).setParameter(2, c.deviceKey())
                    .setParameter(3, c.enrolledVendor()).setParameter(4, c.enrolledModel())
                    .setParameter(5, c.enrolledMemoryMiB()).setParameter(6, c.reportedVendor())
                    .setParameter(7, c.reportedModel()).setParameter(8, c.reportedMemoryMiB())
                    .setParameter(9, now).executeUpdate();
        }
    }

    /** The node's mismatches, by device key; read in the caller's transaction. */
    @SuppressWarnings("unchecked")
    public List<Mismatch> of(String nodeId) {
        List<Object[]> rows = em.createNativeQuery("select device_key, enrolled_vendor, enrolled_model,"
                        + " enrolled_memory_mib, reported_vendor, reported_model, reported_memory_mib,"
                        + " first_reported_at, last_reported_at, records from device_claim_mismatches"
                        + " where node_id = ?1 order by device_key")
                .setParameter(1, nodeId).getResultList();
        return rows.stream().map(r -> new Mismatch((String) r[0], (String) r[1], (String) r[2],
                r[3] == null ? null : ((Number) r[3]).longValue(), (String) r[4], (String) r[5],
                ((Number) r[6]).longValue(), instant(r[7]), instant(r[8]), ((Number) r[9]).longValue())).toList();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
