package io.computenet.e2e;

import io.computenet.devstack.DevStack;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What must hold in the running stack's databases whatever failed: read straight from the scheduler's and billing's
 * PostgreSQL databases, each answer a list of violations (empty when it holds), so a failed assertion names them.
 */
final class StackInvariants {

    /** A lease as the scheduler's database has it. */
    record SchedulerLease(String leaseId, String tenantId, String state, Instant startedAt, Instant endedAt) {
    }

    /** A lease's charge as billing's database has it, with the sums of its lines and of its draws on funds. */
    record Charge(String leaseId, String status, Instant startedAt, Instant endedAt, Long seconds,
                  long unpricedSeconds, BigDecimal amount, long lineSeconds, BigDecimal lineAmount,
                  BigDecimal drawn) {
    }

    private final DevStack stack;

    StackInvariants(DevStack stack) {
        this.stack = stack;
    }

    /**
     * Devices or slices held twice: two leases on one device where not both hold a slice of it, slices of one device
     * whose slots overlap, a device held whole by one lease while another holds a slice of it; and holds left behind
     * by ended leases.
     */
    List<String> doubleOrStaleHolds() throws SQLException {
        List<String> violations = new ArrayList<>();
        try (Connection c = stack.postgres().connect("scheduler")) {
            collect(c, "with live as (select lease_id, node_id, unnest(string_to_array(device_keys, ',')) as key"
                    + " from leases where state in ('SCHEDULED', 'STARTING', 'RUNNING') and device_keys <> '')"
                    + " select 'device ' || a.node_id || '/' || a.key || ' held by ' || a.lease_id || ' and '"
                    + " || b.lease_id from live a join live b on a.node_id = b.node_id and a.key = b.key"
                    + " and a.lease_id < b.lease_id"
                    + " where not exists (select 1 from slice_allocations s where s.lease_id = a.lease_id"
                    + " and s.node_id = a.node_id and s.device_key = a.key)"
                    + " or not exists (select 1 from slice_allocations s where s.lease_id = b.lease_id"
                    + " and s.node_id = b.node_id and s.device_key = b.key)", violations);
            collect(c, "select 'slices of ' || a.node_id || '/' || a.device_key || ' overlap: ' || a.lease_id"
                    + " || ' and ' || b.lease_id from slice_allocations a join slice_allocations b"
                    + " on a.node_id = b.node_id and a.device_key = b.device_key and a.lease_id < b.lease_id"
                    + " and a.first_slot < b.first_slot + b.slot_count and b.first_slot < a.first_slot + a.slot_count",
                    violations);
            collect(c, "select 'device ' || d.node_id || '/' || d.device_key || ' held whole by ' || d.lease_id"
                    + " || ' and sliced for ' || s.lease_id from devices d join slice_allocations s"
                    + " on s.node_id = d.node_id and s.device_key = d.device_key and s.lease_id <> d.lease_id",
                    violations);
            collect(c, "select 'device ' || d.node_id || '/' || d.device_key || ' still held by '"
                    + " || d.lease_id || ' in state ' || coalesce(l.state, 'no such lease') from devices d"
                    + " left join leases l on l.lease_id = d.lease_id where d.lease_id is not null"
                    + " and (l.lease_id is null or l.state in ('RELEASED', 'EXPIRED', 'FAILED', 'PREEMPTED'))",
                    violations);
            collect(c, "select 'slice of ' || s.node_id || '/' || s.device_key || ' still held by ' || s.lease_id"
                    + " || ' in state ' || l.state from slice_allocations s join leases l on l.lease_id = s.lease_id"
                    + " where l.state in ('RELEASED', 'EXPIRED', 'FAILED', 'PREEMPTED')", violations);
        }
        return violations;
    }

    private static void collect(Connection c, String sql, List<String> into) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                into.add(r.getString(1));
            }
        }
    }

    /** The scheduler's leases of the tenants whose ids start with {@code tenantPrefix}, by id. */
    Map<String, SchedulerLease> schedulerLeases(String tenantPrefix) throws SQLException {
        Map<String, SchedulerLease> leases = new HashMap<>();
        try (Connection c = stack.postgres().connect("scheduler");
             PreparedStatement s = c.prepareStatement("select lease_id, tenant_id, state, started_at, ended_at"
                     + " from leases where tenant_id like ?")) {
            s.setString(1, tenantPrefix + "%");
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    leases.put(r.getString(1), new SchedulerLease(r.getString(1), r.getString(2), r.getString(3),
                            instant(r, 4), instant(r, 5)));
                }
            }
        }
        return leases;
    }

    /** Billing's charges of the tenants whose ids start with {@code tenantPrefix}, by lease id. */
    Map<String, Charge> charges(String tenantPrefix) throws SQLException {
        Map<String, Charge> charges = new HashMap<>();
        try (Connection c = stack.postgres().connect("billing");
             PreparedStatement s = c.prepareStatement("select c.lease_id, c.status, c.started_at, c.ended_at,"
                     + " c.seconds, c.unpriced_seconds, c.amount,"
                     + " (select coalesce(sum(l.seconds), 0) from charge_lines l where l.lease_id = c.lease_id),"
                     + " (select coalesce(sum(l.amount), 0) from charge_lines l where l.lease_id = c.lease_id),"
                     + " (select coalesce(sum(d.amount), 0) from fund_draws d where d.lease_id = c.lease_id)"
                     + " from charges c where c.tenant_id like ?")) {
            s.setString(1, tenantPrefix + "%");
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long seconds = r.getLong(5);
                    charges.put(r.getString(1), new Charge(r.getString(1), r.getString(2), instant(r, 3),
                            instant(r, 4), r.wasNull() ? null : seconds, r.getLong(6), r.getBigDecimal(7),
                            r.getLong(8), r.getBigDecimal(9), r.getBigDecimal(10)));
                }
            }
        }
        return charges;
    }

    /**
     * Whether billing has caught up with the scheduler: every started lease has its charge from the same start, and
     * every ended one its charge closed at the same end.
     */
    boolean billingCaughtUp(String tenantPrefix) throws SQLException {
        return billingCovers(tenantPrefix, schedulerLeases(tenantPrefix));
    }

    /** Whether billing holds every start and end of {@code leases} (a snapshot of the scheduler's, maybe older). */
    boolean billingCovers(String tenantPrefix, Map<String, SchedulerLease> leases) throws SQLException {
        Map<String, Charge> charges = charges(tenantPrefix);
        return leases.values().stream().filter(l -> l.startedAt() != null).allMatch(l -> {
            Charge charge = charges.get(l.leaseId());
            return charge != null && charge.startedAt().equals(l.startedAt())
                    && (l.endedAt() == null || l.endedAt().equals(charge.endedAt()));
        });
    }

    /**
     * Charges that disagree with the scheduler's leases: an ended lease that ran must have one closed charge whose
     * start and end are the lease's, whose billed seconds are its lifetime (from RUNNING to its end, a started
     * second billed, as billing's rating counts), whose lines add up to those seconds and its amount, and whose
     * draws on funds add up to its amount; a lease that never ran has no charge.
     */
    List<String> billingMismatches(String tenantPrefix) throws SQLException {
        Map<String, SchedulerLease> leases = schedulerLeases(tenantPrefix);
        Map<String, Charge> charges = charges(tenantPrefix);
        List<String> violations = new ArrayList<>();
        for (SchedulerLease lease : leases.values()) {
            Charge charge = charges.get(lease.leaseId());
            if (lease.startedAt() == null) {
                if (charge != null) {
                    violations.add(lease.leaseId() + " never ran (" + lease.state() + ") but is charged: " + charge);
                }
                continue;
            }
            if (lease.endedAt() == null) {
                continue; // still running: its charge accrues
            }
            long lifetime = billedSeconds(lease.startedAt(), lease.endedAt());
            if (charge == null) {
                violations.add(lease.leaseId() + " ran " + lifetime + " s but has no charge");
            } else if (!"CLOSED".equals(charge.status()) || !lease.startedAt().equals(charge.startedAt())
                    || !lease.endedAt().equals(charge.endedAt()) || charge.seconds() == null
                    || charge.seconds() != lifetime || charge.lineSeconds() + charge.unpricedSeconds() != lifetime
                    || charge.amount() == null || charge.amount().compareTo(charge.lineAmount()) != 0
                    || charge.amount().compareTo(charge.drawn()) != 0) {
                violations.add(lease.leaseId() + " ran " + lease.startedAt() + " to " + lease.endedAt() + " ("
                        + lifetime + " s, " + lease.state() + ") but billing has " + charge);
            }
        }
        charges.keySet().stream().filter(id -> !leases.containsKey(id))
                .forEach(id -> violations.add("charge " + id + " has no lease in the scheduler"));
        return violations;
    }

    /** A lease's billed seconds: its length rounded up to whole seconds (billing's rating rule). */
    static long billedSeconds(Instant start, Instant end) {
        Duration d = Duration.between(start, end);
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
