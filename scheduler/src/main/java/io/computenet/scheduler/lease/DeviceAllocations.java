package io.computenet.scheduler.lease;

import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.scheduler.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Map;

/**
 * The allocation SQL: marking devices as held by a lease, recording the slices cut from them and freeing both when
 * the lease ends, with one statement each. Every writer of device rows locks them in id order (heartbeats too), so
 * no two transactions deadlock.
 */
@ApplicationScoped
public class DeviceAllocations {

    @Inject
    EntityManager em;
    @Inject
    Outbox outbox;

    /** Nothing pending yet: allocations add to it, {@link Writes#apply} writes it. */
    Writes writes() {
        return new Writes();
    }

    /**
     * Frees the lease's devices and deletes its slices with one statement: the devices are locked in id order first,
     * as every writer of device rows locks them (heartbeats and allocations too), so no two transactions deadlock.
     * The persistence context is flushed first, as the bulk statements this replaces did.
     */
    void free(String leaseId) {
        em.flush();
        em.unwrap(org.hibernate.Session.class).doWork(c -> {
            try (var s = c.prepareStatement("with locked as (select id from devices where lease_id = ? order by id"
                    + " for no key update), freed as (update devices d set lease_id = null from locked"
                    + " where d.id = locked.id) delete from slice_allocations where lease_id = ?")) {
                s.setString(1, leaseId);
                s.setString(2, leaseId);
                s.executeUpdate();
            }
        });
    }

    /** Records that these leases' Pods were deleted: one statement (a version step each). */
    void markPodsDeleted(List<String> leaseIds) {
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            java.sql.Array ids = connection.createArrayOf("varchar", leaseIds.toArray());
            try (var update = connection.prepareStatement("update leases set pod_deleted = true,"
                    + " version = version + 1 where lease_id = any(?) and not pod_deleted")) {
                update.setArray(1, ids);
                update.executeUpdate();
            } finally {
                ids.free();
            }
        });
    }

    /**
     * What allocations leave to be written before their transaction ends: the whole devices each lease takes, the
     * slices cut, and the {@code lease.scheduled} events, written with one statement each (and one to lock the
     * devices, in id order, and one to check the sliced devices) instead of two to four per lease. Rows are read
     * back only after {@link #apply}: a batch applies it before it reads leases or devices from the database again
     * (preemption victims) and before it commits.
     */
    public final class Writes {
        /** A lease taking these devices of its node whole. */
        private record Take(String leaseId, String nodeId, List<String> deviceKeys) {
        }

        /** A slice cut from a device of a node. */
        private record Cut(String nodeId, String deviceKey, io.computenet.placement.slices.Allocation allocation) {
        }

        private final List<Take> takes = new java.util.ArrayList<>();
        private final List<Cut> cuts = new java.util.ArrayList<>();
        private final List<LeaseEvent> events = new java.util.ArrayList<>();

        /** A slice cut from a device no lease holds whole (checked when written). */
        void cut(String nodeId, String deviceKey, io.computenet.placement.slices.Allocation allocation) {
            cuts.add(new Cut(nodeId, deviceKey, allocation));
        }

        void take(LeaseEntity lease) {
            take(lease.leaseId, lease.nodeId, lease.deviceKeyList());
        }

        /** A lease taking these devices of one of its nodes whole (a gang takes some on each of its nodes). */
        void take(String leaseId, String nodeId, List<String> deviceKeys) {
            takes.add(new Take(leaseId, nodeId, deviceKeys));
        }

        /** Whether a lease of this batch takes the device whole (not yet written). */
        boolean takes(String nodeId, String deviceKey) {
            return takes.stream().anyMatch(t -> t.nodeId().equals(nodeId) && t.deviceKeys().contains(deviceKey));
        }

        void announce(LeaseEvent event) {
            events.add(event);
        }

        /** Writes what is pending (the persistence context first); fails when a device was no longer free. */
        void apply() {
            if (takes.isEmpty() && events.isEmpty() && cuts.isEmpty()) {
                return;
            }
            em.flush();
            if (!takes.isEmpty()) {
                Map<String, Integer> marked = em.unwrap(org.hibernate.Session.class).doReturningWork(this::mark);
                Map<String, Integer> wanted = new java.util.HashMap<>();
                takes.forEach(t -> wanted.merge(t.leaseId(), t.deviceKeys().size(), Integer::sum));
                for (Take t : takes) {
                    int got = marked.getOrDefault(t.leaseId(), 0);
                    if (got != wanted.get(t.leaseId())) {
                        throw new IllegalStateException("allocation of " + wanted.get(t.leaseId()) + " device(s) on "
                                + t.nodeId() + " to " + t.leaseId() + " found only " + got + " free");
                    }
                }
            }
            if (!cuts.isEmpty()) {
                em.unwrap(org.hibernate.Session.class).doWork(this::recordSlices);
            }
            outbox.addLeaseEvents(events);
            takes.clear();
            cuts.clear();
            events.clear();
        }

        /**
         * Records the slices, after checking (once the batch's whole devices are marked) that no lease holds their
         * devices whole and that the devices still exist.
         */
        private void recordSlices(java.sql.Connection c) throws java.sql.SQLException {
            java.sql.Array nodes = c.createArrayOf("varchar", cuts.stream().map(Cut::nodeId).toArray());
            java.sql.Array keys = c.createArrayOf("varchar", cuts.stream().map(Cut::deviceKey).toArray());
            java.util.Set<String> free = new java.util.HashSet<>();
            try (var s = c.prepareStatement("select d.node_id, d.device_key from devices d"
                    + " join unnest(?, ?) as u(node_id, device_key)"
                    + " on d.node_id = u.node_id and d.device_key = u.device_key where d.lease_id is null")) {
                s.setArray(1, nodes);
                s.setArray(2, keys);
                try (var r = s.executeQuery()) {
                    while (r.next()) {
                        free.add(r.getString(1) + "\u0000" + r.getString(2));
                    }
                }
            }
            for (Cut cut : cuts) {
                if (!free.contains(cut.nodeId() + "\u0000" + cut.deviceKey())) {
                    throw new IllegalStateException("device " + cut.deviceKey() + " on " + cut.nodeId()
                            + " is held whole or gone");
                }
            }
            try (var s = c.prepareStatement("insert into slice_allocations (lease_id, node_id, device_key, mode,"
                    + " profile, memory_mib, compute, first_slot, slot_count)"
                    + " select * from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setArray(1, c.createArrayOf("varchar", cuts.stream().map(x -> x.allocation().id()).toArray()));
                s.setArray(2, nodes);
                s.setArray(3, keys);
                s.setArray(4, c.createArrayOf("varchar", cuts.stream().map(x -> x.allocation().mode().name())
                        .toArray()));
                s.setArray(5, c.createArrayOf("varchar", cuts.stream().map(x -> x.allocation().profile()).toArray()));
                s.setArray(6, c.createArrayOf("bigint", cuts.stream().map(x -> x.allocation().memoryMiB())
                        .toArray()));
                s.setArray(7, c.createArrayOf("int4", cuts.stream().map(x -> x.allocation().compute()).toArray()));
                s.setArray(8, c.createArrayOf("int4", cuts.stream().map(x -> x.allocation().firstSlot()).toArray()));
                s.setArray(9, c.createArrayOf("int4", cuts.stream().map(x -> x.allocation().slotCount()).toArray()));
                s.executeUpdate();
            }
        }

        /** Locks the devices in id order (as heartbeats and releases do), then marks the free ones. */
        private Map<String, Integer> mark(java.sql.Connection c) throws java.sql.SQLException {
            List<String> leaseIds = new java.util.ArrayList<>();
            List<String> nodeIds = new java.util.ArrayList<>();
            List<String> deviceKeys = new java.util.ArrayList<>();
            for (Take t : takes) {
                for (String key : t.deviceKeys()) {
                    leaseIds.add(t.leaseId());
                    nodeIds.add(t.nodeId());
                    deviceKeys.add(key);
                }
            }
            java.sql.Array nodes = c.createArrayOf("varchar", nodeIds.toArray());
            java.sql.Array keys = c.createArrayOf("varchar", deviceKeys.toArray());
            try (var s = c.prepareStatement("select d.id from devices d join unnest(?, ?) as u(node_id, device_key)"
                    + " on d.node_id = u.node_id and d.device_key = u.device_key"
                    + " order by d.id for no key update of d")) {
                s.setArray(1, nodes);
                s.setArray(2, keys);
                s.executeQuery().close();
            }
            Map<String, Integer> marked = new java.util.HashMap<>();
            try (var s = c.prepareStatement("update devices d set lease_id = u.lease_id"
                    + " from unnest(?, ?, ?) as u(lease_id, node_id, device_key)"
                    + " where d.node_id = u.node_id and d.device_key = u.device_key and d.lease_id is null"
                    + " returning u.lease_id")) {
                s.setArray(1, c.createArrayOf("varchar", leaseIds.toArray()));
                s.setArray(2, nodes);
                s.setArray(3, keys);
                try (var r = s.executeQuery()) {
                    while (r.next()) {
                        marked.merge(r.getString(1), 1, Integer::sum);
                    }
                }
            }
            return marked;
        }
    }
}
