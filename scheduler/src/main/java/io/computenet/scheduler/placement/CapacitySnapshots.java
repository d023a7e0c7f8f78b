package io.computenet.scheduler.placement;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.placement.slices.Allocation;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;
import io.computenet.scheduler.inventory.SliceProfilesJson;
import org.jboss.logging.Logger;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.slices.DeviceMode;
import jakarta.persistence.EntityManager;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import io.computenet.placement.CapacityIndex;
import io.computenet.placement.ClusterPolicy;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.PlacementResult;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.RegionTier;
import io.computenet.scheduler.SchedulerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live capacity model: nodes, their devices with the slice profiles their agents reported, and the slices handed
 * out on each, kept in memory and brought up to date from PostgreSQL before each use. The first use (at start-up)
 * reads everything; after that only the nodes in the change feed ({@code capacity_changes}, written by triggers on
 * every capacity row, V9) since the last read are read again, so a plan costs a few small queries instead of reading
 * the whole fleet, and every scheduler instance sees what the others allocated. A node that has not been heard from
 * within the node-failure timeout is not schedulable: that is read per use (only the silent nodes, by index), since
 * heartbeats do not write the feed.
 * <p>
 * A device whose profiles or slices cannot be made sense of (damaged column, allocations that no longer fit its
 * table) is offered whole only, or not at all while it holds slices, and logged. A node its operator drains is not
 * schedulable until undrained: that is read from its identity, not kept in the node's {@code schedulable} flag, so no
 * heartbeat or inventory can undo it.
 * <p>
 * The model only ever holds committed rows: a caller whose own transaction has already changed capacity rows gets a
 * full read of its own view instead, and the shared model is left alone (its transaction may still roll back).
 */
@ApplicationScoped
public class CapacitySnapshots {

    private static final Logger LOG = Logger.getLogger(CapacitySnapshots.class);

    /** A model not brought up to date for this long is read again whole (the feed keeps 10 minutes). */
    static final Duration FULL_RELOAD_AFTER = Duration.ofMinutes(5);
    /** How long change rows are kept. */
    static final Duration FEED_RETENTION = Duration.ofMinutes(10);
    /** Node ids per {@code in} list when reading changed nodes. */
    private static final int CHUNK = 1000;

    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;
    @Inject
    EntityManager em;

    /** Shapes by vendor, model, memory and profile table: a fleet has few distinct ones. */
    private final Map<ShapeKey, Optional<DeviceShape>> shapes = new ConcurrentHashMap<>();

    /** Nodes by id, with {@code schedulable} as stored and not drained; guarded by {@code this}. */
    private final TreeMap<String, NodeCapacity> nodes = new TreeMap<>();
    /** Changes from transactions at least this new are not in {@link #nodes} yet; null: nothing loaded. */
    private String mark;
    /** The nodes the last refresh read again (for tests). */
    private volatile List<String> lastReloaded = List.of();
    /** Transactions at least as new as {@link #mark} whose changes are already in {@link #nodes}. */
    private final Set<Long> applied = new HashSet<>();
    /** When {@link #nodes} was last brought up to date; written under the monitor, read by {@link #refreshedAt()}. */
    private volatile Instant loadedAt;
    /**
     * The same model indexed for the allocation path ({@link #live}): built at its first use after a full read, then
     * brought up to date from {@link #nodes} by the ids in {@link #indexStale}; null until then. Only the holder of the
     * allocation lock uses it (under this object's monitor), so the changes of a transaction still running can sit in
     * it without anyone else planning on them.
     */
    private CapacityIndex index;
    /** Nodes whose entry in {@link #index} may differ from {@link #nodes}: refreshed, or changed by an allocator. */
    private final Set<String> indexStale = new HashSet<>();
    /** Nodes the index holds as not schedulable because they were silent at its last update. */
    private Set<String> silencedInIndex = Set.of();
    /**
     * Bumped whenever the committed model ({@link #nodes}, or which nodes are silent) changes; read without the
     * monitor by the offers' summary ({@link #committed()}) to tell whether its copy is still the model's.
     */
    private volatile long version;
    /** The silent nodes at the last refresh; guarded by {@code this}. */
    private Set<String> lastSilent = Set.of();
    /** The committed model as a list, built at most once per {@link #version}; null until asked for. */
    private Committed committed;
    private final AtomicLong fullLoads = new AtomicLong();
    private final AtomicLong indexedPlans = new AtomicLong();
    private final AtomicLong nodeReloads = new AtomicLong();

    /** A device's shape: its profile table by digest (the table itself is ~600 characters, read once per shape). */
    private record ShapeKey(Vendor vendor, String model, long memoryMiB, String profilesDigest) {
    }

    /** One device as the snapshot needs it: read as plain columns, never as managed entities. */
    record DeviceRow(String nodeId, String deviceKey, Vendor vendor, String model, int deviceIndex, String busId,
                     long memoryMiB, DeviceHealth health, String leaseId, String profilesDigest) {
    }

    /**
     * Reads the whole model at start-up, in the start itself (this observer returns when it is read), so the first
     * lease does not wait for it. (Reading it on a thread of its own, overlapping the rest of the start, was measured
     * slower at 10,000 nodes: the read then competes with the Pod watches' first list for the same cores;
     * docs/performance.md.) For the same reason it runs before the other start-up observers, the Pod watches' first:
     * their first list of every lease Pod then comes after the read instead of during it.
     * Readiness ({@link CapacityModelReadiness}) still checks that it was read.
     */
    void onStart(@Observes @jakarta.annotation.Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE)
                 StartupEvent event) {
        QuarkusTransaction.requiringNew().run(this::current);
    }

    /** Whether the model has been read whole at least once (the instance's readiness). */
    public boolean loaded() {
        return fullLoads.get() > 0;
    }

    /** Full reads of the model so far (start-up, a truncated table, a model left alone too long). */
    public long fullLoads() {
        return fullLoads.get();
    }

    /** Plans answered by the indexed live model so far. */
    public long indexedPlans() {
        return indexedPlans.get();
    }

    /** The nodes the last refresh from the change feed read again. */
    List<String> lastReloaded() {
        return lastReloaded;
    }

    /** Nodes read again from the change feed so far. */
    public long nodeReloads() {
        return nodeReloads.get();
    }

    /**
     * The capacity snapshot: every node in a configured region, as committed in PostgreSQL when this is called
     * (plus the caller's own uncommitted changes, if it made any). Rows are read as projections (scalar rows), not
     * entities: hydrating and dirty-checking thousands of device entities is what made the per-request read slow.
     */
    public synchronized List<NodeCapacity> current() {
        Head head = head();
        if (head.changedCapacity()) {
            // this transaction changed capacity: its own view, the shared model untouched
            return withSilence(read(null).values(), silentNodes());
        }
        refresh(head.xmin());
        Set<String> silent = silentNodes();
        noteSilence(silent);
        return withSilence(nodes.values(), silent);
    }

    /**
     * The committed model as the last refresh left it (by an allocation, a quote or {@link #current()}), silent nodes
     * not schedulable: for read-only views that may be a moment behind, such as the offers ({@link #refreshedAt()}
     * says how far). Reads nothing from PostgreSQL; the list is built once per change of the model.
     */
    public record Committed(long version, List<NodeCapacity> nodes) {
    }

    /** See {@link Committed}; empty before the first read. */
    public synchronized Optional<Committed> committed() {
        if (loadedAt == null) {
            return Optional.empty();
        }
        if (committed == null || committed.version() != version) {
            committed = new Committed(version, List.copyOf(withSilence(nodes.values(), lastSilent)));
        }
        return Optional.of(committed);
    }

    /** When the committed model was last brought up to date from PostgreSQL; null before the first read. */
    public Instant refreshedAt() {
        return loadedAt;
    }

    /** The model's version: it changes whenever the committed model does (see {@link #committed()}). */
    public long version() {
        return version;
    }

    private void noteSilence(Set<String> silent) {
        if (!silent.equals(lastSilent)) {
            lastSilent = silent;
            version++;
        }
    }

    /**
     * Where the caller's transaction stands: the oldest transaction still running in its snapshot (the next mark),
     * and whether it has itself changed capacity rows already.
     */
    private record Head(String xmin, boolean changedCapacity) {
    }

    private Head head() {
        Object[] head = (Object[]) em.createNativeQuery("select cast(pg_snapshot_xmin(pg_current_snapshot()) as text),"
                + " exists (select 1 from capacity_changes where txid = pg_current_xact_id_if_assigned())")
                .getSingleResult();
        return new Head((String) head[0], Boolean.TRUE.equals(head[1]));
    }

    /** The nodes as a list, the silent ones not schedulable. */
    private static List<NodeCapacity> withSilence(java.util.Collection<NodeCapacity> nodes, Set<String> silent) {
        List<NodeCapacity> list = new ArrayList<>(nodes.size());
        for (NodeCapacity n : nodes) {
            list.add(silent.contains(n.nodeId()) ? n.withSchedulable(false) : n);
        }
        return list;
    }

    /** Nodes not heard from within the node-failure timeout (by index): not schedulable, whatever their rows say. */
    private Set<String> silentNodes() {
        return new HashSet<>(em.createQuery("select n.nodeId from NodeEntity n where n.lastSeenAt <= ?1",
                String.class).setParameter(1, clock.instant().minus(config.nodeFailureTimeout())).getResultList());
    }

    /**
     * The model for the holder of the allocation lock, indexed ({@link CapacityIndex}: a plan looks at a handful of
     * devices instead of scanning the fleet), as committed when this is called, silent nodes not schedulable. What the
     * caller allocates it applies with {@link Live#took}, so its next plan sees it; when the caller is done
     * ({@link Live#close}, whether its transaction commits or not) those nodes are read again from the committed rows
     * before the next use. Empty when the caller's transaction has already changed capacity: it plans on
     * {@link #current()}'s private view then.
     */
    public synchronized Optional<Live> live() {
        Head head = head();
        if (head.changedCapacity()) {
            return Optional.empty();
        }
        refresh(head.xmin());
        Set<String> silent = silentNodes();
        noteSilence(silent);
        if (index == null) {
            index = new CapacityIndex(withSilence(nodes.values(), silent));
        } else {
            for (String id : indexStale) {
                NodeCapacity n = nodes.get(id);
                if (n == null) {
                    index.removeNode(id);
                } else {
                    index.putNode(n);
                }
            }
            Set<String> touched = new HashSet<>(indexStale);
            touched.addAll(silent);
            touched.addAll(silencedInIndex);
            for (String id : touched) {
                NodeCapacity n = nodes.get(id);
                if (n != null) {
                    index.setSchedulable(id, n.schedulable() && !silent.contains(id));
                }
            }
        }
        indexStale.clear();
        silencedInIndex = silent;
        return Optional.of(new Live());
    }

    /** The indexed model lent to one allocating transaction; see {@link #live()}. */
    public final class Live implements AutoCloseable {
        private final Set<String> changed = new HashSet<>();
        private boolean closed;

        /**
         * What the placement engine answers on {@link #snapshot()} under each cluster's policy.
         */
        public PlacementResult plan(PlacementRequest request, PolicyChoice policies) {
            synchronized (CapacitySnapshots.this) {
                check();
                indexedPlans.incrementAndGet();
                return index.plan(request, policies);
            }
        }

        /** The model as a list, with what this caller took (for the planner's other paths). */
        public List<NodeCapacity> snapshot() {
            synchronized (CapacitySnapshots.this) {
                check();
                return index.snapshot();
            }
        }

        /** The caller gave these devices of the node their new state (booked or sliced) in its transaction. */
        public void took(String nodeId, List<DeviceSlot> devices) {
            synchronized (CapacitySnapshots.this) {
                check();
                changed.add(nodeId);
                index.replaceDevices(nodeId, devices);
            }
        }

        private void check() {
            if (closed || index == null) {
                throw new IllegalStateException("the live capacity model was handed back or read whole again");
            }
        }

        /** Done: the nodes it changed are read again from committed rows before the model is lent again. */
        @Override
        public void close() {
            synchronized (CapacitySnapshots.this) {
                closed = true;
                indexStale.addAll(changed);
            }
        }
    }

    /** Brings {@link #nodes} up to date: whole when new or stale, else the nodes in the feed since {@link #mark}. */
    private void refresh(String xmin) {
        Instant now = clock.instant();
        if (mark == null || loadedAt.isBefore(now.minus(FULL_RELOAD_AFTER))) {
            fullLoad(xmin, now);
            return;
        }
        // every row from a transaction at least as new as the mark; a transaction's rows become visible together, at
        // its commit, so one whose rows were applied before is skipped: while a long transaction holds the mark back,
        // the nodes others changed are not read again on every refresh
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select cast(txid as text), node_id from capacity_changes"
                + " where txid >= cast(cast(?1 as text) as xid8)").setParameter(1, mark).getResultList();
        java.util.Set<String> changedSet = new java.util.LinkedHashSet<>();
        java.util.Set<Long> seen = new HashSet<>();
        for (Object[] row : rows) {
            long txid = Long.parseLong((String) row[0]);
            if (!applied.contains(txid)) {
                seen.add(txid);
                changedSet.add((String) row[1]);
            }
        }
        if (changedSet.contains("*")) {
            fullLoad(xmin, now);
            return;
        }
        List<String> changed = List.copyOf(changedSet);
        for (int i = 0; i < changed.size(); i += CHUNK) {
            List<String> ids = changed.subList(i, Math.min(changed.size(), i + CHUNK));
            Map<String, NodeCapacity> fresh = read(ids);
            for (String id : ids) {
                NodeCapacity n = fresh.get(id);
                if (n == null) {
                    nodes.remove(id);
                } else {
                    nodes.put(id, n);
                }
                indexStale.add(id);
            }
        }
        nodeReloads.addAndGet(changed.size());
        lastReloaded = changed;
        if (!changed.isEmpty()) {
            version++;
        }
        long newMark = Long.parseLong(xmin);
        applied.addAll(seen);
        applied.removeIf(txid -> txid < newMark); // below the mark: never read again
        mark = xmin;
        loadedAt = now;
    }

    private void fullLoad(String xmin, Instant now) {
        long started = System.nanoTime();
        applied.clear();
        Map<String, NodeCapacity> all = read(null);
        nodes.clear();
        nodes.putAll(all);
        index = null; // built again from the whole read at its next use
        indexStale.clear();
        mark = xmin;
        loadedAt = now;
        version++;
        fullLoads.incrementAndGet();
        LOG.infof("capacity model read whole: %d nodes, %d devices in %d ms", all.size(),
                all.values().stream().mapToInt(n -> n.devices().size()).sum(),
                (System.nanoTime() - started) / 1_000_000);
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        int deleted = pruneFeed();
        LOG.debugf("capacity change feed: %d old rows deleted", deleted);
    }

    /** Deletes change rows older than the retention; a model not refreshed within it is read whole anyway. */
    @Transactional
    public int pruneFeed() {
        return em.createNativeQuery("delete from capacity_changes where changed_at < ?1")
                .setParameter(1, clock.instant().minus(FEED_RETENTION)).executeUpdate();
    }

    /**
     * Reads the nodes {@code ids} (null: all) as they are in PostgreSQL (this transaction's own changes included);
     * nodes of unknown regions left out. Plain JDBC on the transaction's connection, one prepared statement per table
     * whatever the number of ids ({@code = any(array)}): through JPQL, every distinct length of the id list was a new
     * query plan to translate, which made the per-request refresh the largest CPU cost of creating a lease.
     */
    private Map<String, NodeCapacity> read(List<String> ids) {
        return em.unwrap(org.hibernate.Session.class).doReturningWork(connection -> read(connection, ids));
    }

    private Map<String, NodeCapacity> read(java.sql.Connection connection, List<String> ids)
            throws java.sql.SQLException {
        java.sql.Array idArray = ids == null ? null : connection.createArrayOf("varchar", ids.toArray());
        String where = ids == null ? "" : " where node_id = any(?)";
        Map<String, List<Allocation>> slices = new HashMap<>();
        try (var rows = select(connection, "select lease_id, node_id, device_key, mode, profile, memory_mib, compute,"
                + " first_slot, slot_count from slice_allocations" + where, idArray)) {
            java.sql.ResultSet r = rows.resultSet();
            while (r.next()) {
                slices.computeIfAbsent(r.getString(2) + "\u0000" + r.getString(3), k -> new ArrayList<>())
                        .add(new Allocation(r.getString(1), column(DeviceMode.class, r.getString(4), "slice mode"),
                                r.getString(5), r.getLong(6), r.getInt(7), r.getInt(8), r.getInt(9)));
            }
        }
        Map<String, List<DeviceSlot>> devices = new HashMap<>();
        try (var rows = select(connection, "select node_id, device_key, vendor, model, device_index, bus_id,"
                + " memory_mib, health, lease_id, md5(slice_profiles) from devices" + where + " order by node_id, id",
                idArray)) {
            java.sql.ResultSet r = rows.resultSet();
            while (r.next()) {
                DeviceRow d = new DeviceRow(r.getString(1), r.getString(2),
                        column(Vendor.class, r.getString(3), "device vendor"), r.getString(4), r.getInt(5),
                        r.getString(6), r.getLong(7), column(DeviceHealth.class, r.getString(8), "device health"),
                        r.getString(9), r.getString(10));
                devices.computeIfAbsent(d.nodeId(), k -> new ArrayList<>())
                        .add(slot(d, slices.get(d.nodeId() + "\u0000" + d.deviceKey())));
            }
        }
        Set<String> draining = new HashSet<>();
        try (var rows = select(connection, "select node_id from node_identities"
                + (ids == null ? " where" : where + " and") + " drain_deadline is not null", idArray)) {
            while (rows.resultSet().next()) {
                draining.add(rows.resultSet().getString(1));
            }
        }
        Map<String, Long> cpuHeld = new HashMap<>();
        Map<String, Long> memoryHeld = new HashMap<>();
        try (var rows = select(connection, "select x.node_id, sum(coalesce(l.cpu_count * 1000::bigint,"
                + " ceil(" + ClusterPolicy.DEFAULT_CPUS_PER_DEVICE * 1000L + " * l.device_count / l.node_count"
                + " * l.share)))::bigint, coalesce(sum(l.host_memory_mib), 0)::bigint"
                + " from (select node_id, lease_id from devices where lease_id is not null"
                + " union select node_id, lease_id from slice_allocations) x join leases l on l.lease_id = x.lease_id"
                + (ids == null ? "" : " where x.node_id = any(?)") + " group by x.node_id", idArray)) {
            java.sql.ResultSet r = rows.resultSet();
            while (r.next()) {
                cpuHeld.put(r.getString(1), r.getLong(2));
                memoryHeld.put(r.getString(1), r.getLong(3));
            }
        }
        Map<String, NodeCapacity> read = new HashMap<>();
        try (var rows = select(connection, "select node_id, operator_id, region, cluster, schedulable,"
                + " host_cpu_count, host_memory_mib from nodes" + where, idArray)) {
            java.sql.ResultSet r = rows.resultSet();
            while (r.next()) {
                String nodeId = r.getString(1);
                SchedulerConfig.Region region = config.regions().get(r.getString(3));
                if (region == null) {
                    continue;
                }
                long cpus = r.getLong(6);
                boolean reported = !r.wasNull();
                long memory = r.getLong(7);
                reported &= !r.wasNull();
                // host CPU and memory left: what the agent reported less what the node's leases asked for (a lease
                // that names no host memory holds none)
                NodeCapacity.Host host = reported ? new NodeCapacity.Host(cpus * 1000 - cpuHeld.getOrDefault(nodeId, 0L),
                        memory - memoryHeld.getOrDefault(nodeId, 0L)) : null;
                read.put(nodeId, new NodeCapacity(nodeId, r.getString(2), r.getString(3), r.getString(4),
                        RegionTier.parse(region.tier()), r.getBoolean(5) && !draining.contains(nodeId),
                        devices.getOrDefault(nodeId, List.of()), host));
            }
        }
        if (idArray != null) {
            idArray.free();
        }
        return read;
    }

    /** A statement and its result, closed together. */
    private record Rows(java.sql.PreparedStatement statement, java.sql.ResultSet resultSet) implements AutoCloseable {
        @Override
        public void close() throws java.sql.SQLException {
            statement.close(); // closes its result set
        }
    }

    private static Rows select(java.sql.Connection connection, String sql, java.sql.Array ids)
            throws java.sql.SQLException {
        java.sql.PreparedStatement statement = connection.prepareStatement(sql);
        try {
            if (ids != null) {
                statement.setArray(1, ids);
            }
            return new Rows(statement, statement.executeQuery());
        } catch (java.sql.SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** An enum column as its constant; a value the code does not know is a damaged row, named in the error. */
    private static <E extends Enum<E>> E column(Class<E> type, String value, String what) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(what + " '" + value + "' in the database is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()), e);
        }
    }

    private DeviceSlot slot(DeviceRow d, List<Allocation> held) {
        boolean healthy = d.health() == DeviceHealth.OK;
        boolean free = healthy && d.leaseId() == null && held == null;
        DeviceShape shape = shapeOf(d).orElse(null);
        if (shape == null) {
            return new DeviceSlot(d.deviceKey(), d.vendor(), d.model(), d.memoryMiB(), free);
        }
        DeviceState state = null;
        if (healthy && d.leaseId() == null) {
            try {
                state = DeviceState.restore(shape, held == null ? List.of() : held);
            } catch (IllegalArgumentException e) {
                LOG.warnf("device %s on %s: its slices do not fit its profile table, nothing more is cut from it: %s",
                        d.deviceKey(), d.nodeId(), e.getMessage());
            }
        }
        return new DeviceSlot(d.deviceKey(), d.vendor(), d.model(), d.memoryMiB(), free, shape, state);
    }

    private Optional<DeviceShape> shapeOf(DeviceRow d) {
        if (d.profilesDigest() == null) {
            return Optional.empty();
        }
        ShapeKey key = new ShapeKey(d.vendor(), d.model(), d.memoryMiB(), d.profilesDigest());
        Optional<DeviceShape> known = shapes.get(key);
        if (known != null) {
            return known;
        }
        List<String> json = em.createQuery("select x.sliceProfiles from DeviceEntity x where x.nodeId = ?1"
                + " and x.deviceKey = ?2", String.class).setParameter(1, d.nodeId()).setParameter(2, d.deviceKey())
                .getResultList();
        if (json.isEmpty() || json.get(0) == null) {
            return Optional.empty(); // changed since it was read: not cached, the feed brings the node again
        }
        return shapes.computeIfAbsent(key, k -> {
            try {
                List<SliceProfile> profiles = SliceProfilesJson.decode(json.get(0));
                return Optional.of(DeviceShape.fromInventory(new DeviceInfo(d.vendor(), d.model(), null, null,
                        d.deviceIndex(), null, d.busId(), d.memoryMiB(), null, null, null, null, DeviceHealth.OK,
                        null, null, null, null, profiles)));
            } catch (IllegalArgumentException e) {
                LOG.warnf("device model %s %s: its slice profiles are unusable, it is offered whole only: %s",
                        d.vendor(), d.model(), e.getMessage());
                return Optional.empty();
            }
        });
    }
}
