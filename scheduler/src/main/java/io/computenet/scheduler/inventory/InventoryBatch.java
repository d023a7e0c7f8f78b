package io.computenet.scheduler.inventory;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.identity.EnrolledNode;
import io.computenet.scheduler.identity.EnrollmentService;
import io.computenet.scheduler.identity.RecordCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Applies one Kafka poll's inventory records in one transaction. Most records are heartbeats of known nodes whose
 * devices keep their shape; those take a plain JDBC path: the batch's identities, nodes and devices are read with one
 * statement per table, each record is checked exactly as {@link InventoryService#apply} checks it (signature, owner,
 * scope, enrolled devices, region), applied at most once ({@code processed_events}) and never over a later event of its
 * node, and the surviving changes are written as two statement batches in primary-key order. Everything else (full
 * inventories, unknown nodes, a device whose vendor, model, index, bus id or memory changed) goes through
 * {@link InventoryService}'s entity path, in arrival order, after the heartbeats of its node that came before it;
 * once a node took that path, its later records in the batch take it too.
 * <p>
 * The outcome of each record is returned in arrival order. A rejected record changes nothing. Any other failure
 * throws and rolls back the whole batch (the caller then applies the records one by one).
 */
@ApplicationScoped
public class InventoryBatch {

    @Inject
    EntityManager em;
    @Inject
    InventoryService inventory;
    @Inject
    EnrollmentService enrollment;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;

    private final Counter usageSkipped;

    @Inject
    InventoryBatch(MeterRegistry metrics) {
        usageSkipped = Counter.builder("computenet.scheduler.heartbeat.usage.skipped")
                .description("device usage samples not written because a lease transaction held the device row;"
                        + " the next heartbeat brings a newer one").register(metrics);
    }

    /** For subclasses in tests. */
    protected InventoryBatch() {
        usageSkipped = null;
    }

    /** A decoded record and the parts that prove who sent it. */
    public record Item(InventoryEvent event, InventoryService.SignedRecord record) {
    }

    /** What became of one record: applied (or a harmless duplicate / stale one), or rejected with a reason. */
    public record Outcome(String rejectionReason, String detail) {
        static final Outcome APPLIED = new Outcome(null, null);

        public boolean rejected() {
            return rejectionReason != null;
        }
    }

    /** What the batch needs to know of a node row. */
    private record NodeRow(String operatorId, String region, String cluster, String hostname, Instant lastEventAt,
                           Instant lastSeenAt) {
    }

    /** What the batch needs to know of a device row. */
    private record DeviceRow(long id, String vendor, String model, int index, String busId, long memoryMiB,
                             String health) {
    }

    /** @param healthChanged the health differs from the row's: written even if it has to wait for the row */
    private record DeviceUpdate(Long memoryUsedMiB, Double utilizationPct, String health, boolean healthChanged) {
    }

    private record NodeUpdate(Instant lastEventAt) {
    }

    @Transactional
    public List<Outcome> apply(List<Item> items) {
        Instant now = clock.instant();
        Session session = em.unwrap(Session.class);
        Outcome[] outcomes = new Outcome[items.size()];

        Set<String> signers = new HashSet<>();
        items.forEach(i -> {
            if (i.record().signerNodeId() != null) {
                signers.add(i.record().signerNodeId());
            }
        });
        Map<String, EnrolledNode> identities = enrollment.lookupAll(signers);
        Function<EnrolledNode, String> credentials = enrollment.credentialsOfBatch();
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            InventoryService.SignedRecord r = item.record();
            RecordCheck.Verdict verdict = RecordCheck.check(r.signerNodeId(), r.signature(), r.key(), r.payload(),
                    item.event(), Optional.ofNullable(r.signerNodeId() == null ? null
                            : identities.get(r.signerNodeId())), credentials);
            if (!verdict.accepted()) {
                outcomes[i] = new Outcome(verdict.rejection().slug(), verdict.detail());
            } else if (!config.regions().containsKey(item.event().region())) {
                outcomes[i] = new Outcome("unknown-region", InventoryService.unknownRegion(item.event(),
                        config.regions().keySet()));
            } else {
                accepted.add(i);
            }
        }

        Set<String> nodeIds = new HashSet<>();
        accepted.forEach(i -> nodeIds.add(items.get(i).event().nodeId()));
        Map<String, NodeRow> nodes = new HashMap<>();
        Map<String, Map<String, DeviceRow>> devices = new HashMap<>();
        if (!nodeIds.isEmpty()) {
            session.doWork(c -> read(c, nodeIds, nodes, devices));
        }

        Set<String> entityPath = new HashSet<>();
        List<Integer> fast = new ArrayList<>();
        List<Integer> slow = new ArrayList<>();
        for (int i : accepted) {
            InventoryEvent e = items.get(i).event();
            if (entityPath.contains(e.nodeId()) || !fitsFastPath(e, nodes.get(e.nodeId()), devices.get(e.nodeId()))) {
                entityPath.add(e.nodeId());
                slow.add(i);
            } else {
                fast.add(i);
            }
        }

        if (!fast.isEmpty()) {
            List<String> ids = new ArrayList<>(fast.size());
            fast.forEach(i -> ids.add(items.get(i).event().eventId()));
            Set<String> firstTime = session.doReturningWork(c -> recordProcessed(c, ids, now));
            Map<String, NodeUpdate> nodeUpdates = new TreeMap<>();
            Map<Long, DeviceUpdate> deviceUpdates = new TreeMap<>();
            Set<String> seen = new HashSet<>();
            for (int i : fast) {
                InventoryEvent e = items.get(i).event();
                outcomes[i] = Outcome.APPLIED;
                if (!seen.add(e.eventId()) || !firstTime.contains(e.eventId())) {
                    continue; // applied before: changes nothing
                }
                NodeRow node = nodes.get(e.nodeId());
                if (ProcessedEvents.superseded(node.lastEventAt(), node.lastSeenAt(), e.occurredAt(), now,
                        config.retention().eventIds())) {
                    continue; // older than what the node reported last (never roll it back), or a repeat of it
                }
                nodes.put(e.nodeId(), new NodeRow(node.operatorId(), node.region(), node.cluster(), node.hostname(),
                        e.occurredAt(), now));
                nodeUpdates.put(e.nodeId(), new NodeUpdate(e.occurredAt()));
                Map<String, DeviceRow> known = devices.getOrDefault(e.nodeId(), Map.of());
                for (DeviceInfo d : e.devices()) {
                    DeviceRow row = known.get(d.deviceKey());
                    if (row != null) { // heartbeats refresh known devices only, as the entity path does
                        boolean healthChanged = !row.health().equals(d.health().name())
                                || deviceUpdates.containsKey(row.id()) && deviceUpdates.get(row.id()).healthChanged();
                        deviceUpdates.put(row.id(), new DeviceUpdate(d.memoryUsedMiB(), d.utilizationPct(),
                                d.health().name(), healthChanged));
                    }
                }
            }
            int skipped = session.doReturningWork(c -> write(c, now, nodeUpdates, deviceUpdates));
            if (skipped > 0) {
                usageSkipped.increment(skipped);
            }
        }

        for (int i : slow) {
            inventory.applyChecked(items.get(i).event());
            outcomes[i] = Outcome.APPLIED;
        }
        return List.of(outcomes);
    }

    /** A heartbeat of a known node that changes nothing but usage, health and when it was seen. */
    private static boolean fitsFastPath(InventoryEvent e, NodeRow node, Map<String, DeviceRow> devices) {
        if (!InventoryEvent.TYPE_HEARTBEAT.equals(e.type()) || node == null
                || !Objects.equals(node.operatorId(), e.operatorId()) || !Objects.equals(node.region(), e.region())
                || !Objects.equals(node.cluster(), e.cluster()) || !Objects.equals(node.hostname(), e.hostname())) {
            return false;
        }
        for (DeviceInfo d : e.devices()) {
            DeviceRow row = devices == null ? null : devices.get(d.deviceKey());
            if (row != null && (!row.vendor().equals(d.vendor().name()) || !row.model().equals(d.model())
                    || row.index() != d.index() || !Objects.equals(row.busId(), d.busId())
                    || row.memoryMiB() != d.memoryMiB())) {
                return false;
            }
        }
        return true;
    }

    private static void read(Connection c, Collection<String> nodeIds, Map<String, NodeRow> nodes,
                             Map<String, Map<String, DeviceRow>> devices) throws SQLException {
        java.sql.Array ids = c.createArrayOf("varchar", nodeIds.toArray());
        try (PreparedStatement s = c.prepareStatement("select node_id, operator_id, region, cluster, hostname,"
                + " last_event_at, last_seen_at from nodes where node_id = any(?)")) {
            s.setArray(1, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    nodes.put(r.getString(1), new NodeRow(r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getObject(6, OffsetDateTime.class).toInstant(),
                            r.getObject(7, OffsetDateTime.class).toInstant()));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("select id, node_id, device_key, vendor, model, device_index,"
                + " bus_id, memory_mib, health from devices where node_id = any(?)")) {
            s.setArray(1, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    devices.computeIfAbsent(r.getString(2), k -> new HashMap<>()).put(r.getString(3),
                            new DeviceRow(r.getLong(1), r.getString(4), r.getString(5), r.getInt(6),
                                    r.getString(7), r.getLong(8), r.getString(9)));
                }
            }
        }
        ids.free();
    }

    /** Records the event ids as processed; returns those not recorded before. */
    private static Set<String> recordProcessed(Connection c, List<String> eventIds, Instant now)
            throws SQLException {
        Set<String> inserted = new HashSet<>();
        java.sql.Array ids = c.createArrayOf("varchar", eventIds.toArray());
        try (PreparedStatement s = c.prepareStatement("insert into processed_events (event_id, processed_at)"
                + " select distinct id, ?::timestamptz from unnest(?::varchar[]) as u(id)"
                + " on conflict do nothing returning event_id")) {
            s.setObject(1, utc(now));
            s.setArray(2, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    inserted.add(r.getString(1));
                }
            }
        }
        ids.free();
        return inserted;
    }

    /**
     * Writes the batch. Health changes first, waiting for their rows if another transaction holds them, in primary-key
     * order, the order every other writer of device rows locks them in (so no deadlock). Then the usage figures, only
     * on rows nobody else holds ({@code skip locked}): a device whose lease is being placed or released right now keeps
     * its previous sample until its next heartbeat instead of making that allocation wait for the heartbeats (and the
     * next allocations wait for them). Returns how many usage refreshes were skipped so.
     */
    private static int write(Connection c, Instant now, Map<String, NodeUpdate> nodes,
                             Map<Long, DeviceUpdate> devices) throws SQLException {
        List<Map.Entry<Long, DeviceUpdate>> health = new ArrayList<>();
        List<Map.Entry<Long, DeviceUpdate>> usage = new ArrayList<>();
        devices.entrySet().forEach(d -> (d.getValue().healthChanged() ? health : usage).add(d));
        if (!health.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("update devices set memory_used_mib = ?,"
                    + " utilization_pct = ?, health = ? where id = ?")) {
                for (var d : health) {
                    DeviceUpdate u = d.getValue();
                    s.setObject(1, u.memoryUsedMiB(), Types.BIGINT);
                    s.setObject(2, u.utilizationPct(), Types.DOUBLE);
                    s.setString(3, u.health());
                    s.setLong(4, d.getKey());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        int skipped = 0;
        if (!usage.isEmpty()) {
            Long[] ids = new Long[usage.size()];
            Long[] used = new Long[usage.size()];
            Double[] utilization = new Double[usage.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = usage.get(i).getKey();
                used[i] = usage.get(i).getValue().memoryUsedMiB();
                utilization[i] = usage.get(i).getValue().utilizationPct();
            }
            try (PreparedStatement s = c.prepareStatement("update devices d set memory_used_mib = u.used,"
                    + " utilization_pct = u.utilization from unnest(?::bigint[], ?::bigint[], ?::float8[])"
                    + " as u(id, used, utilization) where d.id = u.id and d.id in (select id from devices"
                    + " where id = any(?::bigint[]) order by id for no key update skip locked)")) {
                java.sql.Array idArray = c.createArrayOf("bigint", ids);
                s.setArray(1, idArray);
                s.setArray(2, c.createArrayOf("bigint", used));
                s.setArray(3, c.createArrayOf("float8", utilization));
                s.setArray(4, idArray);
                skipped = ids.length - s.executeUpdate();
            }
        }
        if (!nodes.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(
                    "update nodes set last_seen_at = ?, last_event_at = ? where node_id = ?")) {
                for (var n : nodes.entrySet()) {
                    s.setObject(1, utc(now));
                    s.setObject(2, utc(n.getValue().lastEventAt()));
                    s.setString(3, n.getKey());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        return skipped;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
