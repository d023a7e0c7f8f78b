package io.computenet.placement.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The index behind {@link PolicyPlacer}'s fast path: nodes grouped into <em>state classes</em> and the classes
 * bucketed by what they can still hold, so a decision scores one representative per class that can fit the task
 * instead of every node.
 *
 * <p><b>State class.</b> Nodes with the same GPU model, CPU left, per-GPU free shares (in GPU index order) and tags
 * are interchangeable to a cacheable policy: a cacheable score depends on nothing else (memory and the node id are
 * never scored, see {@link PlacementPolicy#cacheable()}). A class keeps its members' ranks in order and one score
 * per task shape. Memory still decides feasibility, so the class's candidate is its lowest-ranked member with
 * enough memory left.
 *
 * <p><b>Buckets.</b> Per GPU model, classes sit in the bucket of their <em>level</em>: {@code 1000 + f} when
 * {@code f > 0} GPUs are fully free, else the largest free share (0..999). A whole-GPU task of {@code n} GPUs can
 * only fit at levels {@code >= 1000 + n}, a sharing task of {@code g} milli only at levels {@code >= g}, so the
 * levels below are never visited; a CPU-only task visits every level. Within the visited buckets each class is
 * still checked with {@link NodeState#fits(TaskShape)} (CPU and the exact shares).
 *
 * <p><b>Same decisions as the scan.</b> The scan takes the highest score among feasible nodes, ties to the lowest
 * rank. Every feasible node is in a visited class, its score is its class's, and the class offers its lowest-ranked
 * feasible member; so the highest score over classes, ties to the lowest offered rank, is the scan's node, with the
 * same score and the same GPUs (they depend only on the shares). {@code IndexedPlacerTest} replays workloads
 * through both and compares every decision.
 *
 * <p>Maintained on every commit: the node leaves its class (dropped when empty) and joins the class of its new
 * state. Not thread-safe, like the placer.
 */
final class NodeIndex {

    /** Levels 0..999: largest free share of a node without a fully free GPU; 1000 + f: f fully free GPUs. */
    private static final int LEVELS = TaskShape.WHOLE + 65;

    /** A state class: interchangeable nodes, their ranks in order, one cached score per task shape. */
    static final class NodeClass {
        final Key key;
        final NodeState representative;
        final TreeSet<Integer> members = new TreeSet<>();
        final int level;
        NodeScore[] scores = new NodeScore[0];
        long scoresVersion;
        /** Position in its bucket's list (swap-remove). */
        int slot;

        NodeClass(Key key, NodeState representative, int level) {
            this.key = key;
            this.representative = representative;
            this.level = level;
        }
    }

    /** What makes two nodes interchangeable to a cacheable policy. */
    record Key(String model, long cpuLeft, int tags, List<Integer> free) {

        static Key of(NodeState n) {
            Integer[] free = new Integer[n.gpuCount()];
            for (int i = 0; i < free.length; i++) {
                free[i] = n.free(i);
            }
            return new Key(n.model(), n.cpuLeft(), n.tags(), Arrays.asList(free));
        }
    }

    private final NodeState[] nodes;
    private final NodeClass[] classOf;
    private final Map<Key, NodeClass> classes = new HashMap<>();
    /** Per model: one list of classes per level. */
    private final Map<String, List<NodeClass>[]> buckets = new HashMap<>();
    /** Per model: the levels that have classes. */
    private final Map<String, BitSet> nonEmpty = new HashMap<>();

    NodeIndex(NodeState[] nodes) {
        this.nodes = nodes;
        this.classOf = new NodeClass[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            add(i);
        }
    }

    /** The node at {@code rank} changed (its new state is already in the nodes array). */
    void update(int rank) {
        remove(rank);
        add(rank);
    }

    int classCount() {
        return classes.size();
    }

    /** Calls {@code visitor} for each class that may fit {@code shape} (GPU model and level only). */
    void forEachCandidate(TaskShape shape, java.util.function.Consumer<NodeClass> visitor) {
        int from = shape.isCpuOnly() ? 0 : shape.isWholeGpu() ? TaskShape.WHOLE + shape.gpuCount()
                : shape.gpuMilli();
        if (!shape.isCpuOnly() && !shape.models().isAny()) {
            for (String model : shape.models().models()) {
                visit(model, from, visitor);
            }
            return;
        }
        for (String model : buckets.keySet()) {
            visit(model, from, visitor);
        }
    }

    private void visit(String model, int from, java.util.function.Consumer<NodeClass> visitor) {
        List<NodeClass>[] levels = buckets.get(model);
        if (levels == null) {
            return;
        }
        BitSet used = nonEmpty.get(model);
        for (int l = used.nextSetBit(from); l >= 0; l = used.nextSetBit(l + 1)) {
            List<NodeClass> list = levels[l];
            for (int k = 0, n = list.size(); k < n; k++) {
                visitor.accept(list.get(k));
            }
        }
    }

    /** The lowest-ranked member of {@code c} with at least {@code memoryMiB} left, or -1. */
    int firstWithMemory(NodeClass c, long memoryMiB) {
        for (int rank : c.members) {
            if (nodes[rank].memoryLeftMiB() >= memoryMiB) {
                return rank;
            }
        }
        return -1;
    }

    private void add(int rank) {
        NodeState n = nodes[rank];
        Key key = Key.of(n);
        NodeClass c = classes.get(key);
        if (c == null) {
            c = new NodeClass(key, n, level(n));
            classes.put(key, c);
            insert(c);
        }
        c.members.add(rank);
        classOf[rank] = c;
    }

    private void remove(int rank) {
        NodeClass c = classOf[rank];
        c.members.remove(rank);
        if (c.members.isEmpty()) {
            classes.remove(c.key);
            List<NodeClass> list = buckets.get(c.key.model())[c.level];
            NodeClass last = list.remove(list.size() - 1);
            if (last != c) {
                list.set(c.slot, last);
                last.slot = c.slot;
            }
            if (list.isEmpty()) {
                nonEmpty.get(c.key.model()).clear(c.level);
            }
        }
        classOf[rank] = null;
    }

    @SuppressWarnings("unchecked")
    private void insert(NodeClass c) {
        String model = c.key.model();
        List<NodeClass>[] levels = buckets.computeIfAbsent(model, m -> (List<NodeClass>[]) new List[LEVELS]);
        if (levels[c.level] == null) {
            levels[c.level] = new ArrayList<>();
        }
        c.slot = levels[c.level].size();
        levels[c.level].add(c);
        nonEmpty.computeIfAbsent(model, m -> new BitSet(LEVELS)).set(c.level);
    }

    private static int level(NodeState n) {
        if (n.fullyFreeGpus() > 0) {
            return TaskShape.WHOLE + n.fullyFreeGpus();
        }
        int max = 0;
        for (int i = 0; i < n.gpuCount(); i++) {
            max = Math.max(max, n.free(i));
        }
        return max;
    }
}
