package io.computenet.placement;

import io.computenet.placement.PolicyClasses.Group;
import io.computenet.placement.PolicyClasses.Live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ranking memory of {@link PolicyClasses}: what each class of interchangeable nodes ranks for each request under
 * the current policies, and the decision made from it. It reads the classes (their dense ids, lowest members, the
 * list of classes changed) and never changes them; {@link PolicyClasses} tells it when a class id is handed back
 * ({@link #forgotten}) or node ids are numbered again ({@link #dropOrders}). See {@link PolicyClasses} for why a
 * class's ranking stays valid, the limits on what is remembered, and what a decision costs.
 *
 * <p>Under FGD a ranking is one {@code int} (tier and score), kept in one column per request indexed by class id, and
 * each request keeps its FGD classes sorted by ranking ({@link Order}), walked from the front; other policies (spread)
 * keep their ranking objects per class. The winning classes' candidates come from a small memory per class. The
 * rankings themselves are {@link Ranking.Ranker}'s, on each class's representative.
 *
 * <p>Not thread-safe, like the index.
 */
final class ClassRankings {

    /** Distinct requests remembered before every ranking is dropped. */
    static final int REQUEST_LIMIT = 2048;
    /** Remembered FGD rankings (requests x class ids) before every ranking is dropped: 64 MiB at most. */
    static final long CELL_LIMIT = 1L << 24;
    /** Object rankings (non-FGD policies) remembered over all classes before every ranking is dropped. */
    static final int RANKING_LIMIT = 1 << 20;
    /** Candidates remembered per class for the requests it won (FGD) before they are dropped. */
    static final int WON_LIMIT = 64;
    /** A remembered ranking: nothing on the class's nodes fits the request (object and int form). */
    private static final Object NOTHING = new Object();
    private static final int UNKNOWN = 0;
    private static final int NO_FIT = 1;
    /** Bias that makes FGD's key ({@code -score}, or 1 for a device the free-share view rounds to nothing) positive. */
    private static final long KEY_BIAS = 1L << 27;

    private final PolicyClasses classes;
    private final Map<PlacementRequest, Integer> requestIds = new HashMap<>();
    /** Per request id, the FGD rankings by class id (0: not ranked yet). */
    private int[][] columns = new int[16][];
    /** Per request id, its FGD classes in ranking order (null: not sorted yet). */
    private Order[] orders = new Order[16];
    private PolicyChoice rankedFor;
    private Ranking.Ranker scan;
    private int objectRankings;

    ClassRankings(PolicyClasses classes) {
        this.classes = classes;
    }

    /** A class id handed back: its remembered FGD rankings cleared, so that a new class under that id ranks anew. */
    void forgotten(int classId) {
        for (int[] column : columns) {
            if (column != null && column.length > classId) {
                column[classId] = UNKNOWN;
            }
        }
    }

    /** Every request's order sorted again at its next use (node ids were numbered again). */
    void dropOrders() {
        Arrays.fill(orders, null);
    }

    /**
     * The placement the planner's policy scan makes for {@code request} under {@code policies} on the classes' nodes,
     * or null when nothing fits.
     */
    Placement plan(PlacementRequest request, PolicyChoice policies) {
        int id = requestId(request, policies);
        int clusters = classes.clusterNames.size();
        boolean[] fgd = new boolean[clusters];
        for (int c = 0; c < clusters; c++) {
            fgd[c] = scan.policyOf(classes.clusterNames.get(c)).kind() == ClusterPolicy.Kind.FGD;
        }
        Picks picks = new Picks(clusters);
        boolean allFgd = true;
        for (boolean f : fgd) {
            allFgd &= f;
        }
        if (allFgd) {
            walk(order(id, request), id, request, picks);
        } else if (request.region() != null) {
            Live l = classes.live.get(request.region());
            if (l != null) {
                visit(l, id, request, fgd, picks);
            }
        } else {
            for (Live l : classes.live.values()) {
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
            Ranking.Ranked<?> real = onMember(rep, g.representative, classes.nodes.get(g.first));
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
     * the value of {@code PolicyClasses.changes} then.
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
            Group g = classes.byId[order.ids[i]];
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
        for (Group g = classes.newest; g != null && g.changedAt > order.sorted; g = g.older) {
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
            int limit = Math.max(classes.resortAfter, order.ids.length / 4);
            int changed = 0;
            for (Group g = classes.newest; g != null && g.changedAt > order.sorted && changed <= limit; g = g.older) {
                changed++;
            }
            if (changed <= limit) {
                return order;
            }
        }
        int n = 0;
        int[] ids = new int[classes.nextId];
        long[] keys = new long[classes.nextId];
        boolean[] clusters = new boolean[classes.clusterNames.size()];
        for (int c = 0; c < classes.nextId; c++) {
            Group g = classes.byId[c];
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
        order = new Order(Arrays.copyOf(ids, n), Arrays.copyOf(keys, n), classes.changes, present);
        orders[id] = order;
        return order;
    }

    /** The class's remembered FGD ranking for request {@code id}, ranked now if not yet. */
    private int keyOf(Group g, int id, PlacementRequest request) {
        int[] column = columns[id];
        if (column.length <= g.id) {
            column = Arrays.copyOf(column, Math.max(classes.nextId, column.length + (column.length >> 1)));
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

    /** Each classes.live class of one region ranked (remembered or now), the best per cluster kept. */
    private void visit(Live l, int id, PlacementRequest request, boolean[] fgd, Picks picks) {
        int[] column = columns[id];
        if (column.length < classes.nextId) {
            column = Arrays.copyOf(column, classes.nextId);
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
                || (long) (requestIds.size() + 1) * classes.nextId > CELL_LIMIT)) {
            requestIds.clear();
            columns = new int[16][];
            orders = new Order[16];
            for (Group g : classes.groups.values()) {
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
        columns[id] = new int[classes.nextId];
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
