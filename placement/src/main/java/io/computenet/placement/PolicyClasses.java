package io.computenet.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The policy-ranked path of {@link CapacityIndex}: the schedulable nodes grouped into <em>classes</em> of nodes that
 * every {@link ClusterPolicy} ranks alike, so that a decision ranks each class once (and remembers it) instead of
 * every node.
 *
 * <p><b>Class.</b> Two nodes are in one class when they have the same region, cluster, tier and host CPU and memory
 * left, and the same devices in the same order (vendor, model, memory, free, slice table and slice state) whose
 * device keys sort the same way. The planner's ranking of a node ({@link Ranking.Ranker#rankOn}) reads nothing
 * else but the node id, which comes last in every order: so every member's best candidate has the same rank keys,
 * and the class offers its member with the lowest node id. A class is ranked on a representative: a member with node
 * id {@code ""} and device keys replaced by their rank within the node (as strings of one length, so that they sort
 * as the keys did). The representative's candidate is the member's candidate with the member's node and the devices
 * at the same positions ({@link #onMember}).
 *
 * <p><b>Same decisions as the scan.</b> The scan takes, per cluster, the lowest candidate in (tier, policy keys, the
 * binpack keys, node id, device key) order (under FGD: tier, score, node id, device position), then the lowest of the
 * clusters' picks in binpack order. Here each cluster's pick is the lowest class in (tier, policy keys, binpack keys
 * unless FGD, lowest member's node id) order, and the clusters' picks are compared as the scan compares them.
 * {@code CapacityIndexPolicyEquivalenceTest} replays random fleets and requests through both.
 *
 * <p><b>Memory of rankings.</b> A class's state never changes (a node that changes moves to another class), so its
 * ranking for a request stays valid while the policies stay the same object ({@link PolicyChoice}: a learning policy
 * makes a new one only when its {@code MixLearner} replaces the mix, the same rule as the trace replay's). Each class
 * has a dense id and each distinct request an id; under FGD a ranking is one {@code int} (tier and score), kept in
 * one column per request indexed by class id, so a decision reads one array front to back instead of following a
 * pointer per class; other policies (spread) keep their ranking objects per class. A class whose last node leaves is
 * kept (without members, not visited) for up to {@link #RETAINED_LIMIT} such classes, so that a node that comes back
 * to its state (a lease placed and released) finds its rankings again; only classes that no decision has ranked yet
 * are ranked by the planner's code. A new {@link PolicyChoice} (another mix), more than {@link #REQUEST_LIMIT}
 * distinct requests or more than {@link #CELL_LIMIT} remembered cells drops every ranking.
 *
 * <p><b>Cost.</b> A decision reads one remembered int per class of the request's region (or the planner's ranking of
 * a class not ranked for this request yet) and compares; the winning classes' candidates come from a small memory
 * per class, so a decision on a settled fleet runs no planner code at all. After the policies change, each class is
 * ranked again once per request by the planner's code (see docs/performance.md).
 *
 * <p><b>Size.</b> Over the ~500-line guideline: the classes (dense ids, kept classes, the list of changes) and the
 * rankings (columns, orders, remembered winners) share the class ids and are updated together on every put; a split
 * into a class registry and a ranking memory is the next step, not done.
 *
 * <p>Not thread-safe, like the index.
 */
final class PolicyClasses {

    /** Distinct requests remembered before every ranking is dropped. */
    static final int REQUEST_LIMIT = 2048;
    /** Remembered FGD rankings (requests x class ids) before every ranking is dropped: 64 MiB at most. */
    static final long CELL_LIMIT = 1L << 24;
    /**
     * Classes without members kept with their rankings (the least recently emptied are forgotten first): more than
     * the states a busy fleet's nodes pass through and come back from between two decisions of one request.
     */
    static final int RETAINED_LIMIT = 8192;
    /** Object rankings (non-FGD policies) remembered over all classes before every ranking is dropped. */
    static final int RANKING_LIMIT = 1 << 20;

    /** Candidates remembered per class for the requests it won (FGD) before they are dropped. */
    static final int WON_LIMIT = 64;
    /** Classes changed since an order was sorted before it is sorted again: at least this, or a quarter of it. */
    static final int RESORT_AFTER = 256;
    /** A remembered ranking: nothing on the class's nodes fits the request (object and int form). */
    private static final Object NOTHING = new Object();
    private static final int UNKNOWN = 0;
    private static final int NO_FIT = 1;
    /** Bias that makes FGD's key ({@code -score}, or 1 for a device the free-share view rounds to nothing) positive. */
    private static final long KEY_BIAS = 1L << 27;

    private final int retainedLimit;
    private final int resortAfter;
    private final Map<Key, Group> groups = new HashMap<>();
    private final Map<String, Group> groupOfNode = new HashMap<>();
    private final Map<String, NodeCapacity> nodes = new HashMap<>();
    /** Live (non-empty) classes by region, for the decision's loop. */
    private final Map<String, Live> live = new HashMap<>();
    /** Classes without members, least recently emptied first. */
    private final LinkedHashSet<Group> retained = new LinkedHashSet<>();
    private Group[] byId = new Group[256];
    private int nextId;
    private int[] freeIds = new int[16];
    private int freeCount;
    /** Dense ids of the clusters seen, for the per-call picks, and their names by id. */
    private final Map<String, Integer> clusterIds = new HashMap<>();
    private final List<String> clusterNames = new ArrayList<>();
    /** Every node id seen, by its place in node id order: FGD's last tie-break as an int. */
    private final Map<String, Integer> ordinals = new HashMap<>();

    private final Map<PlacementRequest, Integer> requestIds = new HashMap<>();
    /** Per request id, the FGD rankings by class id (0: not ranked yet). */
    private int[][] columns = new int[16][];
    /** Per request id, its FGD classes in ranking order (null: not sorted yet). */
    private Order[] orders = new Order[16];
    /**
     * Classes that are new or have another lowest member, least recently changed first (a class that changes again
     * moves to the end): a decision visits those changed since its order was sorted, each once.
     */
    private Group oldest;
    private Group newest;
    private long changes;
    private PolicyChoice rankedFor;
    private Ranking.Ranker scan;
    private int objectRankings;

    /** What makes nodes interchangeable to every policy (see the class comment). */
    private record Key(String region, String cluster, RegionTier tier, NodeCapacity.Host host,
                       List<DeviceSlot> devices) {
    }

    /** A class: its representative, its members by node id, and what it remembers for the current policies. */
    private static final class Group {
        final Key key;
        final int id;
        final int cluster;
        final NodeCapacity representative;
        final TreeSet<String> members = new TreeSet<>();
        /** The lowest member's node id (null without members), and its place among every node id seen. */
        String first;
        int firstOrdinal = -1;
        /** When it last changed ({@link #changes} then), and its neighbours in that order. */
        long changedAt = -1;
        Group older;
        Group newer;
        /** Position in its region's live list, -1 when without members. */
        int slot = -1;
        /** Non-FGD rankings by request id. */
        Object[] rankings = new Object[0];
        /** The representative's ranked candidate by request id, for the requests this class won (FGD). */
        Map<Integer, Ranking.Ranked<?>> won;

        Group(Key key, int id, int cluster, NodeCapacity representative) {
            this.key = key;
            this.id = id;
            this.cluster = cluster;
            this.representative = representative;
        }

        void forget() {
            rankings = new Object[0];
            won = null;
        }
    }

    /**
     * A region's classes with members, in no particular order (every comparison is a total order), with what the
     * decision's loop reads of each in arrays of their own, so that the loop follows no pointer per class.
     */
    private static final class Live {
        Group[] groups = new Group[64];
        int[] ids = new int[64];
        int[] clusters = new int[64];
        int[] firsts = new int[64];
        int size;

        void add(Group g) {
            if (size == groups.length) {
                groups = Arrays.copyOf(groups, size * 2);
                ids = Arrays.copyOf(ids, size * 2);
                clusters = Arrays.copyOf(clusters, size * 2);
                firsts = Arrays.copyOf(firsts, size * 2);
            }
            g.slot = size;
            groups[size] = g;
            ids[size] = g.id;
            clusters[size] = g.cluster;
            firsts[size] = g.firstOrdinal;
            size++;
        }

        void remove(Group g) {
            int last = --size;
            Group moved = groups[last];
            groups[g.slot] = moved;
            ids[g.slot] = ids[last];
            clusters[g.slot] = clusters[last];
            firsts[g.slot] = firsts[last];
            moved.slot = g.slot;
            groups[last] = null;
            g.slot = -1;
        }
    }

    PolicyClasses(List<NodeCapacity> fleet) {
        this(fleet, RETAINED_LIMIT, RESORT_AFTER);
    }

    /** With other limits than the defaults (tests: forgetting classes and sorting orders again often). */
    PolicyClasses(List<NodeCapacity> fleet, int retainedLimit, int resortAfter) {
        this.retainedLimit = retainedLimit;
        this.resortAfter = resortAfter;
        TreeSet<String> ids = new TreeSet<>();
        fleet.forEach(n -> ids.add(n.nodeId()));
        for (String id : ids) {
            ordinals.put(id, ordinals.size());
        }
        for (NodeCapacity node : fleet) {
            put(node);
        }
    }

    /** Puts the node (new or changed) in its class; a node that is not schedulable is in none. */
    void put(NodeCapacity node) {
        remove(node.nodeId());
        if (!node.schedulable()) {
            return;
        }
        Key key = keyOf(node);
        Group group = groups.get(key);
        if (group == null) {
            group = new Group(key, newId(), clusterId(key.cluster()), new NodeCapacity("", null, key.region(), key.cluster(), key.tier(),
                    true, key.devices(), key.host()));
            groups.put(key, group);
            byId[group.id] = group;
        }
        if (group.members.isEmpty()) {
            retained.remove(group);
            live.computeIfAbsent(key.region(), r -> new Live()).add(group);
        }
        group.members.add(node.nodeId());
        setFirst(group);
        groupOfNode.put(node.nodeId(), group);
        nodes.put(node.nodeId(), node);
    }

    /** Takes the node out of its class (a removed or unschedulable node). */
    void remove(String nodeId) {
        Group group = groupOfNode.remove(nodeId);
        nodes.remove(nodeId);
        if (group == null) {
            return;
        }
        group.members.remove(nodeId);
        if (!group.members.isEmpty()) {
            setFirst(group);
            return;
        }
        group.first = null;
        live.get(group.key.region()).remove(group);
        retained.add(group);
        if (retained.size() > retainedLimit) {
            Iterator<Group> eldest = retained.iterator();
            Group gone = eldest.next();
            eldest.remove();
            forget(gone);
        }
    }

    private int clusterId(String cluster) {
        String name = cluster == null ? "" : cluster;
        Integer id = clusterIds.get(name);
        if (id == null) {
            id = clusterNames.size();
            clusterIds.put(name, id);
            clusterNames.add(cluster);
        }
        return id;
    }

    /** Notes the class's lowest member (the class is live: {@code slot} set, or about to be added). */
    private void setFirst(Group g) {
        g.first = g.members.first();
        Integer ordinal = ordinals.get(g.first);
        if (ordinal == null) {
            renumber(g.first);
            ordinal = ordinals.get(g.first);
        }
        if (ordinal != g.firstOrdinal) {
            g.firstOrdinal = ordinal;
            changed(g);
        }
        if (g.slot >= 0) {
            live.get(g.key.region()).firsts[g.slot] = ordinal;
        }
    }

    private void changed(Group g) {
        unlink(g);
        g.changedAt = ++changes;
        g.older = newest;
        if (newest != null) {
            newest.newer = g;
        } else {
            oldest = g;
        }
        newest = g;
    }

    private void unlink(Group g) {
        if (g.changedAt < 0) {
            return;
        }
        if (g.older != null) {
            g.older.newer = g.newer;
        } else {
            oldest = g.newer;
        }
        if (g.newer != null) {
            g.newer.older = g.older;
        } else {
            newest = g.older;
        }
        g.older = null;
        g.newer = null;
        g.changedAt = -1;
    }

    /** A node id not seen before: every node id numbered again in order (enrolment is rare), the classes updated. */
    private void renumber(String newId) {
        Arrays.fill(orders, null); // every order sorts again at its next use
        TreeSet<String> ids = new TreeSet<>(ordinals.keySet());
        ids.add(newId);
        ordinals.clear();
        for (String id : ids) {
            ordinals.put(id, ordinals.size());
        }
        for (Live l : live.values()) {
            for (int i = 0; i < l.size; i++) {
                Group g = l.groups[i];
                g.firstOrdinal = ordinals.get(g.first);
                l.firsts[i] = g.firstOrdinal;
            }
        }
    }

    /** Number of classes with members (for tests and reports). */
    int size() {
        return groups.size() - retained.size();
    }

    /**
     * The placement the planner's policy scan makes for {@code request} under {@code policies} on these nodes, or
     * null when nothing fits.
     */
    Placement plan(PlacementRequest request, PolicyChoice policies) {
        int id = requestId(request, policies);
        int clusters = clusterNames.size();
        boolean[] fgd = new boolean[clusters];
        for (int c = 0; c < clusters; c++) {
            fgd[c] = scan.policyOf(clusterNames.get(c)).kind() == ClusterPolicy.Kind.FGD;
        }
        Picks picks = new Picks(clusters);
        boolean allFgd = true;
        for (boolean f : fgd) {
            allFgd &= f;
        }
        if (allFgd) {
            walk(order(id, request), id, request, picks);
        } else if (request.region() != null) {
            Live l = live.get(request.region());
            if (l != null) {
                visit(l, id, request, fgd, picks);
            }
        } else {
            for (Live l : live.values()) {
                visit(l, id, request, fgd, picks);
            }
        }
        return placement(picks, fgd, id, request);
    }

    /** The best of the clusters' picks, on its member. */
    private Placement placement(Picks picks, boolean[] fgd, int id, PlacementRequest request) {
        int clusters = fgd.length;
        Ranking.Ranked<?> winner = null;
        for (int c = 0; c < clusters; c++) {
            Group g = picks.group[c];
            if (g == null) {
                continue;
            }
            Ranking.Ranked<?> rep = fgd[c] ? won(g, id, request) : picks.ranked[c];
            Ranking.Ranked<?> real = onMember(rep, g.representative, nodes.get(g.first));
            if (winner == null || clusterOrder(real, winner) < 0) {
                winner = real;
            }
        }
        if (winner == null) {
            return null;
        }
        if (winner.candidate() instanceof Ranking.Candidate c) {
            return new Placement(c.node(), c.devices());
        }
        Ranking.SliceCandidate s = (Ranking.SliceCandidate) winner.candidate();
        return new Placement(s.node(), List.of(s.device()), s.option().choice());
    }

    /** Each cluster's best class so far: under FGD by (ranking int, lowest member's ordinal) as one long. */
    private static final class Picks {
        final Group[] group;
        final long[] key;
        final Ranking.Ranked<?>[] ranked;

        Picks(int clusters) {
            group = new Group[clusters];
            key = new long[clusters];
            Arrays.fill(key, Long.MAX_VALUE);
            ranked = new Ranking.Ranked<?>[clusters];
        }
    }

    /**
     * A request's FGD classes (live or kept without members, of its region or of every region) that fit it, sorted
     * by their (ranking, lowest member's ordinal) when the order was made, which {@code keys} keeps; {@code sorted}:
     * the value of {@link #changes} then.
     */
    private static final class Order {
        final int[] ids;
        final long[] keys;
        final long sorted;
        final int clusters;

        Order(int[] ids, long[] keys, long sorted, int clusters) {
            this.ids = ids;
            this.keys = keys;
            this.sorted = sorted;
            this.clusters = clusters;
        }
    }

    /**
     * Every cluster's best class for an all-FGD choice: the first live class of the order per cluster that still has
     * the key it was sorted by, then the classes changed since the order was sorted, compared one by one (a class
     * that changed and changed back is found either way).
     */
    private void walk(Order order, int id, PlacementRequest request, Picks picks) {
        int found = 0;
        String region = request.region();
        for (int i = 0; i < order.ids.length && found < order.clusters; i++) {
            Group g = byId[order.ids[i]];
            if (g == null || g.slot < 0 || picks.group[g.cluster] != null
                    || region != null && !region.equals(g.key.region())) {
                continue;
            }
            long ranked = (long) keyOf(g, id, request) << 32 | g.firstOrdinal;
            if (ranked == order.keys[i]) {
                picks.group[g.cluster] = g;
                picks.key[g.cluster] = ranked;
                found++;
            }
        }
        for (Group g = newest; g != null && g.changedAt > order.sorted; g = g.older) {
            if (g.slot < 0 || region != null && !region.equals(g.key.region())) {
                continue;
            }
            int key = keyOf(g, id, request);
            long ranked = (long) key << 32 | g.firstOrdinal;
            if (key != NO_FIT && ranked < picks.key[g.cluster]) {
                picks.key[g.cluster] = ranked;
                picks.group[g.cluster] = g;
            }
        }
    }

    /** The request's order, sorted again when missing or when many classes changed since it was sorted. */
    private Order order(int id, PlacementRequest request) {
        Order order = orders[id];
        if (order != null) {
            int limit = Math.max(resortAfter, order.ids.length / 4);
            int changed = 0;
            for (Group g = newest; g != null && g.changedAt > order.sorted && changed <= limit; g = g.older) {
                changed++;
            }
            if (changed <= limit) {
                return order;
            }
        }
        int n = 0;
        int[] ids = new int[nextId];
        long[] keys = new long[nextId];
        boolean[] clusters = new boolean[clusterNames.size()];
        for (int c = 0; c < nextId; c++) {
            Group g = byId[c];
            if (g == null || g.firstOrdinal < 0
                    || request.region() != null && !request.region().equals(g.key.region())) {
                continue;
            }
            int key = keyOf(g, id, request);
            if (key != NO_FIT) {
                ids[n] = c;
                keys[n] = (long) key << 32 | g.firstOrdinal;
                clusters[g.cluster] = true;
                n++;
            }
        }
        sort(keys, ids, 0, n - 1);
        int present = 0;
        for (boolean c : clusters) {
            present += c ? 1 : 0;
        }
        order = new Order(Arrays.copyOf(ids, n), Arrays.copyOf(keys, n), changes, present);
        orders[id] = order;
        return order;
    }

    /** The class's remembered FGD ranking for request {@code id}, ranked now if not yet. */
    private int keyOf(Group g, int id, PlacementRequest request) {
        int[] column = columns[id];
        if (column.length <= g.id) {
            column = Arrays.copyOf(column, Math.max(nextId, column.length + (column.length >> 1)));
            columns[id] = column;
        }
        int key = column[g.id];
        if (key == UNKNOWN) {
            key = encode(g, request);
            column[g.id] = key;
        }
        return key;
    }

    /** Sorts {@code keys[lo..hi]} ascending, moving {@code ids} alongside (quicksort, insertion sort when short). */
    private static void sort(long[] keys, int[] ids, int lo, int hi) {
        while (hi - lo > 16) {
            long pivot = keys[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (keys[i] < pivot) {
                    i++;
                }
                while (keys[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(keys, ids, i++, j--);
                }
            }
            if (j - lo < hi - i) {
                sort(keys, ids, lo, j);
                lo = i;
            } else {
                sort(keys, ids, i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && keys[j - 1] > keys[j]; j--) {
                swap(keys, ids, j - 1, j);
            }
        }
    }

    private static void swap(long[] keys, int[] ids, int a, int b) {
        long k = keys[a];
        keys[a] = keys[b];
        keys[b] = k;
        int t = ids[a];
        ids[a] = ids[b];
        ids[b] = t;
    }

    /** Each live class of one region ranked (remembered or now), the best per cluster kept. */
    private void visit(Live l, int id, PlacementRequest request, boolean[] fgd, Picks picks) {
        int[] column = columns[id];
        if (column.length < nextId) {
            column = Arrays.copyOf(column, nextId);
            columns[id] = column;
        }
        int[] ids = l.ids;
        int[] clusters = l.clusters;
        int[] firsts = l.firsts;
        long[] best = picks.key;
        for (int i = 0; i < l.size; i++) {
            int c = clusters[i];
            if (!fgd[c]) {
                Group g = l.groups[i];
                Ranking.Ranked<?> ranked = ranking(g, id, request);
                if (ranked != null && (picks.group[c] == null
                        || compare(ranked, g, picks.ranked[c], picks.group[c]) < 0)) {
                    picks.group[c] = g;
                    picks.ranked[c] = ranked;
                }
                continue;
            }
            int key = column[ids[i]];
            if (key == UNKNOWN) {
                key = encode(l.groups[i], request);
                column[ids[i]] = key;
            }
            if (key == NO_FIT) {
                continue;
            }
            long ranked = (long) key << 32 | firsts[i];
            if (ranked < best[c]) {
                best[c] = ranked;
                picks.group[c] = l.groups[i];
            }
        }
    }

    /** The class's FGD ranking as one int: {@link #NO_FIT}, or 2 + tier x 2^28 + the score key (lower wins). */
    private int encode(Group g, PlacementRequest request) {
        Ranking.Ranked<?> ranked = scan.rankOn(g.representative, request);
        if (ranked == null) {
            return NO_FIT;
        }
        if (ranked.k2() != 0 || ranked.k1() + KEY_BIAS <= 0 || ranked.k1() + KEY_BIAS >= 1L << 28
                || ranked.tierPenalty() < 0 || ranked.tierPenalty() > 6) {
            throw new IllegalStateException("an FGD ranking out of the packed range: " + ranked);
        }
        return (int) (2 + ((long) ranked.tierPenalty() << 28) + ranked.k1() + KEY_BIAS);
    }

    /** The representative's candidate of a class that won request {@code id} (remembered, or ranked again). */
    private Ranking.Ranked<?> won(Group g, int id, PlacementRequest request) {
        Ranking.Ranked<?> ranked = g.won == null ? null : g.won.get(id);
        if (ranked == null) {
            ranked = scan.rankOn(g.representative, request);
            remember(g, id, ranked);
        }
        return ranked;
    }

    /** Keeps a class's ranked candidate for a request it won: at most {@link #WON_LIMIT} per class. */
    private static void remember(Group g, int id, Ranking.Ranked<?> ranked) {
        if (g.won == null || g.won.size() >= WON_LIMIT) {
            g.won = new HashMap<>();
        }
        g.won.put(id, ranked);
    }

    private int requestId(PlacementRequest request, PolicyChoice policies) {
        boolean known = requestIds.containsKey(request);
        if (policies != rankedFor || objectRankings >= RANKING_LIMIT
                || !known && (requestIds.size() >= REQUEST_LIMIT
                || (long) (requestIds.size() + 1) * nextId > CELL_LIMIT)) {
            requestIds.clear();
            columns = new int[16][];
            orders = new Order[16];
            for (Group g : groups.values()) {
                g.forget();
            }
            rankedFor = policies;
            scan = new Ranking.Ranker(policies);
            objectRankings = 0;
            known = false;
        }
        if (known) {
            return requestIds.get(request);
        }
        int id = requestIds.size();
        requestIds.put(request, id);
        if (columns.length <= id) {
            columns = Arrays.copyOf(columns, columns.length * 2);
            orders = Arrays.copyOf(orders, orders.length * 2);
        }
        columns[id] = new int[nextId];
        return id;
    }

    private Ranking.Ranked<?> ranking(Group g, int id, PlacementRequest request) {
        if (g.rankings.length <= id) {
            g.rankings = Arrays.copyOf(g.rankings, Math.max(id + 1, Math.min(REQUEST_LIMIT, g.rankings.length * 2)));
        }
        Object known = g.rankings[id];
        if (known == null) {
            Ranking.Ranked<?> ranked = scan.rankOn(g.representative, request);
            known = ranked == null ? NOTHING : ranked;
            g.rankings[id] = known;
            objectRankings++;
        }
        return known == NOTHING ? null : (Ranking.Ranked<?>) known;
    }

    private int newId() {
        if (freeCount > 0) {
            return freeIds[--freeCount];
        }
        if (nextId == byId.length) {
            byId = Arrays.copyOf(byId, byId.length * 2);
        }
        return nextId++;
    }

    /** Forgets a class without members: its id is handed out again, with its remembered rankings cleared. */
    private void forget(Group g) {
        unlink(g);
        groups.remove(g.key);
        byId[g.id] = null;
        for (int[] column : columns) {
            if (column != null && column.length > g.id) {
                column[g.id] = UNKNOWN;
            }
        }
        if (freeCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, freeCount * 2);
        }
        freeIds[freeCount++] = g.id;
    }

    private static Key keyOf(NodeCapacity node) {
        List<DeviceSlot> devices = node.devices();
        String[] keys = new String[devices.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = devices.get(i).deviceKey();
        }
        String[] sorted = keys.clone();
        Arrays.sort(sorted);
        List<DeviceSlot> normalized = new ArrayList<>(keys.length);
        for (int i = 0; i < keys.length; i++) {
            DeviceSlot d = devices.get(i);
            String rank = String.valueOf(10_000 + Arrays.binarySearch(sorted, keys[i])); // one length: sorts as numbers
            normalized.add(new DeviceSlot(rank, d.vendor(), d.model(), d.memoryMiB(), d.free(), d.shape(),
                    d.slices()));
        }
        return new Key(node.region(), node.cluster(), node.tier(), node.host(), List.copyOf(normalized));
    }

    /**
     * The representative's ranked candidate as the member's: the member's node, and its devices at the positions of
     * the representative's (the class shares every device's state and the order of the device keys).
     */
    static Ranking.Ranked<?> onMember(Ranking.Ranked<?> rep, NodeCapacity representative, NodeCapacity member) {
        if (rep.candidate() instanceof Ranking.Candidate c) {
            List<DeviceSlot> devices = new ArrayList<>(c.devices().size());
            for (DeviceSlot d : c.devices()) {
                devices.add(member.devices().get(position(representative, d)));
            }
            return new Ranking.Ranked<>(new Ranking.Candidate(member, devices, c.tierPenalty(), c.wasteMiB()),
                    rep.tierPenalty(), rep.k1(), rep.k2(), rep.byRank());
        }
        Ranking.SliceCandidate s = (Ranking.SliceCandidate) rep.candidate();
        return new Ranking.Ranked<>(new Ranking.SliceCandidate(member,
                member.devices().get(position(representative, s.device())), s.option(), s.tierPenalty()),
                rep.tierPenalty(), rep.k1(), rep.k2(), rep.byRank());
    }

    private static int position(NodeCapacity node, DeviceSlot device) {
        List<DeviceSlot> devices = node.devices();
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i) == device) {
                return i;
            }
        }
        throw new IllegalStateException("device " + device.deviceKey() + " is not the representative's");
    }

    /**
     * Two classes of one cluster: tier and policy keys, then the binpack keys (not under FGD, whose ties go by node
     * id), then their lowest node ids.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Ranking.Ranked<?> a, Group ga, Ranking.Ranked<?> b, Group gb) {
        int c = a.compareKeys(b);
        if (c == 0 && !a.byRank()) {
            Comparator keys = a.candidate() instanceof Ranking.Candidate ? Ranking.CANDIDATE_KEYS
                    : Ranking.SLICE_KEYS;
            c = keys.compare(a.candidate(), b.candidate());
        }
        return c != 0 ? c : ga.first.compareTo(gb.first);
    }

    /** The clusters' picks, compared as the scan compares them: binpack's order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int clusterOrder(Ranking.Ranked<?> a, Ranking.Ranked<?> b) {
        Comparator order = a.candidate() instanceof Ranking.Candidate ? Ranking.CANDIDATE_ORDER
                : Ranking.SLICE_ORDER;
        return order.compare(a.candidate(), b.candidate());
    }
}
