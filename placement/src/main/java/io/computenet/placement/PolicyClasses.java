package io.computenet.placement;

import java.util.ArrayList;
import java.util.Arrays;
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
 * at the same positions ({@link ClassRankings#onMember}).
 *
 * <p><b>Same decisions as the scan.</b> The scan takes, per cluster, the lowest candidate in (tier, policy keys, the
 * binpack keys, node id, device key) order (under FGD: tier, score, node id, device position), then the lowest of the
 * clusters' picks in binpack order. Here each cluster's pick is the lowest class in (tier, policy keys, binpack keys
 * unless FGD, lowest member's node id) order, and the clusters' picks are compared as the scan compares them.
 * {@code CapacityIndexPolicyEquivalenceTest} replays random fleets and requests through both.
 *
 * <p><b>Registry and memory.</b> This class is the registry: it puts nodes in classes, gives each class a dense id,
 * keeps a class whose last node leaves (without members, not visited) for up to {@link #RETAINED_LIMIT} such classes,
 * so that a node that comes back to its state (a lease placed and released) finds its rankings again, and lists the
 * classes in the order they last changed. {@link ClassRankings} is the ranking memory: what each class ranks for each
 * request. A class's state never changes (a node that changes moves to another class), so its ranking for a request
 * stays valid while the policies stay the same object ({@link PolicyChoice}: a learning policy makes a new one only
 * when its {@code MixLearner} replaces the mix, the same rule as the trace replay's); only classes that no decision
 * has ranked yet are ranked by the ranking code. A new {@link PolicyChoice} (another mix), more than
 * {@link ClassRankings#REQUEST_LIMIT} distinct requests or more than {@link ClassRankings#CELL_LIMIT} remembered
 * cells drops every ranking.
 *
 * <p><b>Cost.</b> A decision reads one remembered int per class of the request's region (or ranks a class not ranked
 * for this request yet) and compares; the winning classes' candidates come from a small memory per class, so a
 * decision on a settled fleet ranks nothing anew. After the policies change, each class is ranked again once per
 * request (see docs/performance.md).
 *
 * <p>Not thread-safe, like the index.
 */
final class PolicyClasses {

    /**
     * Classes without members kept with their rankings (the least recently emptied are forgotten first): more than
     * the states a busy fleet's nodes pass through and come back from between two decisions of one request.
     */
    static final int RETAINED_LIMIT = 8192;
    /** Classes changed since an order was sorted before it is sorted again: at least this, or a quarter of it. */
    static final int RESORT_AFTER = 256;

    private final int retainedLimit;
    final int resortAfter;
    final Map<Key, Group> groups = new HashMap<>();
    private final Map<String, Group> groupOfNode = new HashMap<>();
    final Map<String, NodeCapacity> nodes = new HashMap<>();
    /** Live (non-empty) classes by region, for the decision's loop. */
    final Map<String, Live> live = new HashMap<>();
    /** Classes without members, least recently emptied first. */
    private final LinkedHashSet<Group> retained = new LinkedHashSet<>();
    Group[] byId = new Group[256];
    int nextId;
    private int[] freeIds = new int[16];
    private int freeCount;
    /** Dense ids of the clusters seen, for the per-call picks, and their names by id. */
    private final Map<String, Integer> clusterIds = new HashMap<>();
    final List<String> clusterNames = new ArrayList<>();
    /** Every node id seen, by its place in node id order: FGD's last tie-break as an int. */
    private final Map<String, Integer> ordinals = new HashMap<>();

    /**
     * Classes that are new or have another lowest member, least recently changed first (a class that changes again
     * moves to the end): a decision visits those changed since its order was sorted, each once.
     */
    private Group oldest;
    Group newest;
    long changes;
    /** What each class ranks for each request, and the decision made from it. */
    private final ClassRankings rankings = new ClassRankings(this);


    /** What makes nodes interchangeable to every policy (see the class comment). */
    record Key(String region, String cluster, RegionTier tier, NodeCapacity.Host host,
                       List<DeviceSlot> devices) {
    }

    /** A class: its representative, its members by node id, and what it remembers for the current policies. */
    static final class Group {
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
    static final class Live {
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
            group = new Group(key, newId(), clusterId(key.cluster()), new NodeCapacity("", null, key.region(),
                    key.cluster(), key.tier(), true, key.devices(), key.host()));
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
        rankings.dropOrders(); // every order sorts again at its next use
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
     * null when nothing fits ({@link ClassRankings}).
     */
    Placement plan(PlacementRequest request, PolicyChoice policies) {
        return rankings.plan(request, policies);
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
        rankings.forgotten(g.id);
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

}
