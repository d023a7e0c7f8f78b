package io.computenet.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.nodeagent.fleet.SimulatedNode;
import io.computenet.placement.slices.Allocation;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The restart harness's fleet ({@link RestartFleet}) written into the scheduler's database as the scheduler would have
 * left it (nodes, identities, devices, live leases and their slice allocations): PostgreSQL's {@code COPY} in CSV, one
 * transaction, table by table, timed, so that a 10,000-node fleet takes seconds rather than the hours its enrolment
 * through the API would.
 */
final class RestartFleetCopy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RestartFleetCopy() {
    }

    /** Writes the fleet with COPY in one transaction, table by table, and reports how long each took. */
    static void fill(Connection db, RestartFleet fleet) throws Exception {
        System.out.println("filling the scheduler's database (COPY, one transaction; the capacity triggers fire) ...");
        db.setAutoCommit(false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant startedAt = now.minus(Duration.ofHours(1));
        Instant endsAt = now.plus(Duration.ofHours(23));
        long t0 = System.nanoTime();
        Map<String, Long> took = new LinkedHashMap<>();
        long t = System.nanoTime();
        copy(db, "nodes (node_id, operator_id, region, cluster, hostname, schedulable, last_seen_at, last_event_at)",
                w -> {
                    for (SimulatedNode n : fleet.nodes()) {
                        row(w, n.nodeId(), n.operatorId(), n.region(), n.cluster(), n.hostname(), true, now, now);
                    }
                });
        took.put("nodes", lap(t));
        t = System.nanoTime();
        copy(db, "node_identities (node_id, enrollment_id, organisation, region, cluster, hostname, enrolled_at)",
                w -> {
                    for (SimulatedNode n : fleet.nodes()) {
                        row(w, n.nodeId(), UUID.nameUUIDFromBytes(n.nodeId().getBytes(StandardCharsets.UTF_8)),
                                n.operatorId(), n.region(), n.cluster(), n.hostname(), startedAt.minus(Duration
                                        .ofDays(1)));
                    }
                });
        copy(db, "enrolled_devices (node_id, device_key, vendor, model)", w -> {
            for (SimulatedNode n : fleet.nodes()) {
                for (DeviceInfo d : n.devices()) {
                    row(w, n.nodeId(), d.deviceKey(), d.vendor().name(), d.model());
                }
            }
        });
        took.put("node_identities + enrolled_devices", lap(t));
        t = System.nanoTime();
        Map<String, String> profilesJson = new HashMap<>();
        copy(db, "devices (node_id, device_key, vendor, model, device_index, bus_id, memory_mib, memory_used_mib,"
                + " utilization_pct, health, lease_id, slice_profiles)", w -> {
            for (RestartFleet.Device d : fleet.devices()) {
                DeviceInfo i = d.info();
                String profiles = i.sliceProfiles().isEmpty() ? null : profilesJson.computeIfAbsent(
                        i.vendor() + "|" + i.model(), k -> profilesJson(i));
                long used = d.leaseId() != null ? i.memoryMiB() / 2
                        : d.slices().stream().mapToLong(Allocation::memoryMiB).sum() / 2;
                row(w, d.node().nodeId(), i.deviceKey(), i.vendor().name(), i.model(), i.index(), i.busId(),
                        i.memoryMiB(), used, d.free() ? 0.0 : 60.0, i.health().name(), d.leaseId(), profiles);
            }
        });
        took.put("devices", lap(t));
        t = System.nanoTime();
        copy(db, "leases (lease_id, tenant_id, state, memory_mib_per_device, device_count, workload_class, image,"
                + " duration_seconds, region, cluster, node_id, operator_id, vendor, device_model, device_memory_mib,"
                + " device_keys, pod_namespace, pod_name, requested_at, scheduled_at, started_at, ends_at, sharing,"
                + " slice_mode, slice_profile, slice_memory_mib, slice_compute, slice_resource, compute_fraction,"
                + " share)", w -> {
            int i = 0;
            for (RestartFleet.Lease l : fleet.leases()) {
                DeviceInfo first = l.devices().get(0);
                SimulatedNode n = l.node();
                Allocation s = l.slice();
                row(w, l.leaseId(), tenant(i++), "RUNNING", s == null ? first.memoryMiB() : s.memoryMiB(),
                        l.devices().size(), n.region().contains("east") ? "INFERENCE" : "TRAINING", RestartPods.IMAGE,
                        Duration.ofDays(1).toSeconds(), n.region(), n.cluster(), n.nodeId(), n.operatorId(),
                        first.vendor().name(), first.model(), first.memoryMiB(),
                        String.join(",", l.devices().stream().map(DeviceInfo::deviceKey).toList()), RestartPods.NAMESPACE,
                        RestartPods.podName(l.leaseId()), startedAt, startedAt, startedAt, endsAt,
                        s == null ? "WHOLE" : s.profile() != null ? "ISOLATED" : "SHARED",
                        s == null ? null : s.mode().name(), s == null ? null : s.profile(),
                        s == null ? null : s.memoryMiB(), s == null ? null : s.compute(),
                        l.profile() == null ? null : l.profile().resourceName(),
                        s == null ? null : l.computeFraction(), l.share());
            }
        });
        took.put("leases", lap(t));
        t = System.nanoTime();
        copy(db, "slice_allocations (lease_id, node_id, device_key, mode, profile, memory_mib, compute, first_slot,"
                + " slot_count)", w -> {
            for (RestartFleet.Device d : fleet.devices()) {
                for (Allocation a : d.slices()) {
                    row(w, a.id(), d.node().nodeId(), d.info().deviceKey(), a.mode().name(), a.profile(),
                            a.memoryMiB(), a.compute(), a.firstSlot(), a.slotCount());
                }
            }
        });
        took.put("slice_allocations", lap(t));
        t = System.nanoTime();
        db.commit();
        took.put("commit", lap(t));
        t = System.nanoTime();
        try (Statement s = db.createStatement()) {
            s.execute("analyze");
        }
        db.commit();
        took.put("analyze", lap(t));
        db.setAutoCommit(true);
        System.out.printf("  filled in %,d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, String.join(", ",
                took.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " ms").toList()));
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("select (select count(*) from nodes), (select count(*) from devices),"
                     + " (select count(*) from devices where lease_id is not null), (select count(*) from leases),"
                     + " (select count(*) from slice_allocations), (select count(*) from capacity_changes),"
                     + " pg_size_pretty(pg_database_size(current_database()))")) {
            r.next();
            System.out.printf("  rows: %,d nodes, %,d devices (%,d held whole), %,d leases, %,d slice allocations;"
                            + " %,d change-feed rows from the triggers; database %s%n", r.getLong(1), r.getLong(2),
                    r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6), r.getString(7));
        }
    }

    private interface Rows {
        void write(Writer w) throws IOException;
    }

    private static void copy(Connection db, String table, Rows rows) throws SQLException, IOException {
        PGConnection pg = db.unwrap(PGConnection.class);
        try (Writer w = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg, "copy " + table
                + " from stdin (format csv)", 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            rows.write(w);
        }
    }

    /** One CSV row: null as an unquoted empty field (COPY's CSV null), everything else quoted. */
    static void row(Writer w, Object... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                w.write(',');
            }
            Object f = fields[i];
            if (f == null) {
                continue;
            }
            String s = f.toString();
            w.write('"');
            w.write(s.indexOf('"') < 0 ? s : s.replace("\"", "\"\""));
            w.write('"');
        }
        w.write('\n');
    }

    /** As the scheduler stores them ({@code SliceProfilesJson.encode}: a default Jackson mapper, a JSON array). */
    private static String profilesJson(DeviceInfo device) {
        try {
            return JSON.writeValueAsString(device.sliceProfiles());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tenant(int i) {
        return "tenant-restart-" + (i % 16);
    }

    private static long lap(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
