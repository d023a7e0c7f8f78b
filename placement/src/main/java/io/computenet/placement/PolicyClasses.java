package io.computenet.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * device keys sort the same way. The planner's ranking of a node ({@link Planner.PolicyScan#rankOn}) reads nothing
 * else but the node id, which comes last in every order: so every member's best candidate has the same rank keys,
 * and the class offers its member with the lowest node id. A class is ranked on a representative: a member with node
 * id {@code ""} and device keys replaced by their rank within the node (as strings of one length, so that they sort
 * as the keys did).
 *
 * <p><b>Same decisions as the scan.</b> The scan takes, per cluster, the lowest candidate in (tier, policy keys, the
 * binpack keys, node id, device key) order (under FGD: tier, score, node id, device position), then the lowest of the
 * clusters' picks in binpack order. Here each cluster's pick is the lowest class in (tier, policy keys, binpack keys
 * unless FGD, lowest member's node id) order; the
 * member's candidate is then ranked again on the member itself (the real node and devices), and the clusters' picks
 * are compared as the scan compares them. {@code CapacityIndexPolicyEquivalenceTest} replays random fleets and
 * requests through both.
 *
 * <p><b>Memory of rankings.</b> A class's state never changes (a node that changes moves to another class), so its
 * ranking for a request stays valid while the policies stay the same object: each distinct request gets an id, and
 * each class an array of its rankings by request id. A new {@link PolicyChoice} (another mix), more than
 * {@link #REQUEST_LIMIT} distinct requests or more than {@link #RANKING_LIMIT} rankings drops them all.
 *
 * <p><b>Cost.</b> A decision still visits every class of the request's region: cheap for a remembered ranking, a
 * node's ranking by the planner's own code otherwise. A fleet of many equal nodes (empty ones, nodes held whole) has
 * few classes; a fleet where slices make every node's state its own has as many classes as nodes, and then a
 * decision costs about a scan until its rankings are remembered (see docs/performance.md).
 *
 * <p>Not thread-safe, like the index.
 */
final class PolicyClasses {

    /** Distinct requests remembered before every ranking is dropped. */
    static final int REQUEST_LIMIT = 2048;
    /** Rankings remembered (over all classes and requests) before every ranking is dropped: bounds the memory. */
    static final int RANKING_LIMIT = 1 << 20;
    /** A remembered ranking: nothing on the class's nodes fits the request. */
    private static final Object NOTHING = new Object();

    private final Map<Key, Group> groups = new LinkedHashMap<>();
    private final Map<String, Group> groupOfNode = new HashMap<>();
    private final Map<String, NodeCapacity> nodes = new HashMap<>();
    private final Map<PlacementRequest, Integer> requestIds = new HashMap<>();
    private PolicyChoice rankedFor;
    private int rankings;

    /** What makes nodes interchangeable to every policy (see the class comment). */
    private record Key(String region, String cluster, RegionTier tier, NodeCapacity.Host host,
                       List<DeviceSlot> devices) {
    }

    /** A class: its representative, its members by node id, and its rankings by request id. */
    private static final class Group {
        final Key key;
        final NodeCapacity representative;
        final TreeSet<String> members = new TreeSet<>();
        Object[] rankings = new Object[0];

        Group(Key key, NodeCapacity representative) {
            this.key = key;
            this.representative = representative;
        }
    }

    PolicyClasses(List<NodeCapacity> fleet) {
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
        Key key = new Key(node.region(), node.cluster(), node.tier(), node.host(), List.copyOf(normalized));
        Group group = groups.computeIfAbsent(key, k -> new Group(k, new NodeCapacity("", null, k.region(),
                k.cluster(), k.tier(), true, k.devices(), k.host())));
        group.members.add(node.nodeId());
        groupOfNode.put(node.nodeId(), group);
        nodes.put(node.nodeId(), node);
    }

    /** Takes the node out of its class (a removed or unschedulable node). */
    void remove(String nodeId) {
        Group group = groupOfNode.remove(nodeId);
        nodes.remove(nodeId);
        if (group != null) {
            group.members.remove(nodeId);
            if (group.members.isEmpty()) {
                groups.remove(group.key);
            }
        }
    }

    /** Number of classes (for tests and reports). */
    int size() {
        return groups.size();
    }

    /**
     * The placement the planner's policy scan makes for {@code request} under {@code policies} on these nodes, or
     * null when nothing fits.
     */
    Placement plan(PlacementRequest request, PolicyChoice policies) {
        int id = requestId(request, policies);
        Planner.PolicyScan scan = new Planner.PolicyScan(policies);
        Map<String, Group> pickGroup = new HashMap<>();
        Map<String, Planner.Ranked<?>> pickRank = new HashMap<>();
        for (Group g : groups.values()) {
            if (request.region() != null && !request.region().equals(g.key.region())) {
                continue;
            }
            Planner.Ranked<?> ranked = ranking(g, id, scan, request);
            if (ranked == null) {
                continue;
            }
            String cluster = g.key.cluster() == null ? "" : g.key.cluster();
            Group best = pickGroup.get(cluster);
            if (best == null || compare(ranked, g, pickRank.get(cluster), best) < 0) {
                pickGroup.put(cluster, g);
                pickRank.put(cluster, ranked);
            }
        }
        Planner.Ranked<?> winner = null;
        for (Group g : pickGroup.values()) {
            // the member itself, ranked as the scan ranks it: the real node, devices and slice
            Planner.Ranked<?> real = scan.rankOn(nodes.get(g.members.first()), request);
            if (winner == null || clusterOrder(real, winner) < 0) {
                winner = real;
            }
        }
        if (winner == null) {
            return null;
        }
        if (winner.candidate() instanceof Planner.Candidate c) {
            return new Placement(c.node(), c.devices());
        }
        Planner.SliceCandidate s = (Planner.SliceCandidate) winner.candidate();
        return new Placement(s.node(), List.of(s.device()), s.option().choice());
    }

    private int requestId(PlacementRequest request, PolicyChoice policies) {
        if (policies != rankedFor || rankings >= RANKING_LIMIT
                || requestIds.size() >= REQUEST_LIMIT && !requestIds.containsKey(request)) {
            requestIds.clear();
            for (Group g : groups.values()) {
                g.rankings = new Object[0];
            }
            rankedFor = policies;
            rankings = 0;
        }
        return requestIds.computeIfAbsent(request, r -> requestIds.size());
    }

    private Planner.Ranked<?> ranking(Group g, int id, Planner.PolicyScan scan, PlacementRequest request) {
        if (g.rankings.length <= id) {
            g.rankings = Arrays.copyOf(g.rankings, Math.max(id + 1, Math.min(REQUEST_LIMIT, g.rankings.length * 2)));
        }
        Object known = g.rankings[id];
        if (known == null) {
            Planner.Ranked<?> ranked = scan.rankOn(g.representative, request);
            known = ranked == null ? NOTHING : ranked;
            g.rankings[id] = known;
            rankings++;
        }
        return known == NOTHING ? null : (Planner.Ranked<?>) known;
    }

    /**
     * Two classes of one cluster: tier and policy keys, then the binpack keys (not under FGD, whose ties go by node
     * id), then their lowest node ids.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Planner.Ranked<?> a, Group ga, Planner.Ranked<?> b, Group gb) {
        int c = a.compareKeys(b);
        if (c == 0 && !a.byRank()) {
            Comparator keys = a.candidate() instanceof Planner.Candidate ? Planner.CANDIDATE_KEYS
                    : Planner.SLICE_KEYS;
            c = keys.compare(a.candidate(), b.candidate());
        }
        return c != 0 ? c : ga.members.first().compareTo(gb.members.first());
    }

    /** The clusters' picks, compared as the scan compares them: binpack's order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int clusterOrder(Planner.Ranked<?> a, Planner.Ranked<?> b) {
        Comparator order = a.candidate() instanceof Planner.Candidate ? Planner.CANDIDATE_ORDER
                : Planner.SLICE_ORDER;
        return order.compare(a.candidate(), b.candidate());
    }
}
