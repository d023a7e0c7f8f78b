package io.computenet.placement.policy;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The index behind {@link PolicyPlacer}'s fast path: nodes grouped into <em>state classes</em> and the classes
 * bucketed by what they can still hold, so a decision looks at one cached score per class that can fit the task
 * instead of scoring or even touching every node.
 *
 * <p><b>State class.</b> Nodes with the same GPU model, CPU left, per-GPU free shares (in GPU index order) and tags
 * are interchangeable to a cacheable policy: a cacheable score depends on nothing else (memory and the node id are
 * never scored, see {@link PlacementPolicy#cacheable()}). A class keeps its members' ranks in order and, per task
 * shape, one score (or "cannot fit") computed on a representative member. Memory still decides feasibility, so the
 * class offers its lowest-ranked member with enough memory left.
 *
 * <p><b>Buckets.</b> Per GPU model, classes sit in the bucket of their <em>level</em>: {@code 1000 + f} when
 * {@code f > 0} GPUs are fully free, else the largest free share (0..999). A whole-GPU task of {@code n} GPUs can
 * only fit at levels {@code >= 1000 + n}, a sharing task of {@code g} milli only at levels {@code >= g}, so lower
 * levels and disallowed models are never visited; a CPU-only task visits every level.
 *
 * <p><b>Same decisions as the scan.</b> The scan takes the highest score among feasible nodes, ties to the lowest
 * rank. Every feasible node is in a visited class, its score is its class's, and the class offers its lowest-ranked
 * feasible member; so the highest score over classes, ties to the lowest offered rank, is the scan's node, with the
 * same score and the same GPUs (they depend only on the shares). A class whose score is lower, or equal with a
 * lowest member ranked after the best so far, is skipped without its memory check: it cannot win.
 * {@code IndexedPlacerTest} replays workloads through both and compares every decision.
 *
 * <p>Hot data sits in flat arrays indexed by class id (ids of emptied classes are reused): the lowest member rank
 * and, per task shape, the cached integer score. Maintained on every commit: the node leaves its class (dropped when
 * empty) and joins the class of its new state. Not thread-safe, like the placer.
 */
final class NodeIndex {

    /** Levels 0..999: largest free share of a node without a fully free GPU; 1000 + f: f fully free GPUs. */
    private static final int LEVELS = TaskShape.WHOLE + 65;
    /** Cached score: not computed yet. */
    private static final int UNKNOWN = Integer.MIN_VALUE;
    /** Cached score: the class's state cannot hold the shape (CPU, model or GPUs). */
    private static final int CANNOT_FIT = Integer.MIN_VALUE + 1;

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

    /** One model's buckets: class ids per level, and the levels in use. */
    private static final class ModelBuckets {
        final int[][] ids = new int[LEVELS][];
        final int[] sizes = new int[LEVELS];
        final BitSet used = new BitSet(LEVELS);
    }

    private final NodeState[] nodes;
    private final int[] classOfNode;
    private final Map<Key, Integer> classes = new HashMap<>();
    private final Map<String, ModelBuckets> buckets = new HashMap<>();
    private final ArrayDeque<Integer> freeIds = new ArrayDeque<>();
    private int nextId;

    // per class id
    private Key[] key = new Key[16];
    private NodeState[] representative = new NodeState[16];
    @SuppressWarnings("unchecked")
    private TreeSet<Integer>[] members = new TreeSet[16];
    private int[] minRank = new int[16];
    /** At least the most memory any member has left (exact after a failed search, may be stale-high otherwise). */
    private long[] memoryBound = new long[16];
    private int[] level = new int[16];
    private int[] slot = new int[16];

    // per task shape id, per class id: the cached score and the policy's full answer
    private int[][] score = new int[0][];
    private NodeScore[][] answer = new NodeScore[0][];
    private long scoresVersion;

    NodeIndex(NodeState[] nodes, long policyVersion) {
        this.nodes = nodes;
        this.classOfNode = new int[nodes.length];
        this.scoresVersion = policyVersion;
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

    /**
     * The scan's choice for a task of {@code shape} ({@code shapeId} its dense id) needing {@code memoryMiB}: the
     * rank of the chosen node, or -1 when none fits; {@link #answer} then gives its score and GPU.
     *
     * @param scorer the policy's score of a representative node; called once per class and shape per version
     */
    int choose(TaskShape shape, int shapeId, long memoryMiB, long policyVersion,
               BiFunction<NodeState, TaskShape, NodeScore> scorer) {
        prepare(shapeId, policyVersion);
        int from = shape.isCpuOnly() ? 0 : shape.isWholeGpu() ? TaskShape.WHOLE + shape.gpuCount()
                : shape.gpuMilli();
        int[] scores = score[shapeId];
        NodeScore[] answers = answer[shapeId];
        best = -1;
        bestScore = Integer.MIN_VALUE;
        bestClass = -1;
        if (!shape.isCpuOnly() && !shape.models().isAny()) {
            for (String model : shape.models().models()) {
                visit(buckets.get(model), from, shape, memoryMiB, scores, answers, scorer);
            }
        } else {
            for (ModelBuckets b : buckets.values()) {
                visit(b, from, shape, memoryMiB, scores, answers, scorer);
            }
        }
        return best;
    }

    /** The policy's answer for the class chosen by the last {@link #choose}. */
    NodeScore answer(int shapeId) {
        return answer[shapeId][bestClass];
    }

    private int best;
    private int bestScore;
    private int bestClass;

    private void visit(ModelBuckets b, int from, TaskShape shape, long memoryMiB, int[] scores, NodeScore[] answers,
                       BiFunction<NodeState, TaskShape, NodeScore> scorer) {
        if (b == null) {
            return;
        }
        for (int l = b.used.nextSetBit(from); l >= 0; l = b.used.nextSetBit(l + 1)) {
            int[] ids = b.ids[l];
            for (int k = 0, n = b.sizes[l]; k < n; k++) {
                int c = ids[k];
                int s = scores[c];
                if (s == UNKNOWN) {
                    NodeState rep = representative[c];
                    if (rep.fits(shape)) {
                        NodeScore a = scorer.apply(rep, shape);
                        answers[c] = a;
                        s = a.score();
                    } else {
                        s = CANNOT_FIT;
                    }
                    scores[c] = s;
                }
                if (s == CANNOT_FIT || s < bestScore || (s == bestScore && minRank[c] > best && best >= 0)) {
                    continue; // cannot beat the best so far, whatever its members' memory
                }
                int rank = firstWithMemory(c, memoryMiB);
                if (rank >= 0 && (best < 0 || s > bestScore || rank < best)) {
                    best = rank;
                    bestScore = s;
                    bestClass = c;
                }
            }
        }
    }

    /** Sizes the score table for {@code shapeId} and drops every cached score when the policy's version moved. */
    private void prepare(int shapeId, long policyVersion) {
        if (policyVersion != scoresVersion) {
            for (int[] row : score) {
                Arrays.fill(row, UNKNOWN);
            }
            for (NodeScore[] row : answer) {
                Arrays.fill(row, null);
            }
            scoresVersion = policyVersion;
        }
        if (score.length <= shapeId) {
            int old = score.length;
            score = Arrays.copyOf(score, Math.max(shapeId + 1, old * 2));
            answer = Arrays.copyOf(answer, score.length);
            for (int s = old; s < score.length; s++) {
                score[s] = new int[key.length];
                Arrays.fill(score[s], UNKNOWN);
                answer[s] = new NodeScore[key.length];
            }
        }
    }

    /** The lowest-ranked member of class {@code c} with at least {@code memoryMiB} left, or -1. */
    private int firstWithMemory(int c, long memoryMiB) {
        int first = minRank[c];
        if (nodes[first].memoryLeftMiB() >= memoryMiB) {
            return first;
        }
        if (memoryBound[c] < memoryMiB) {
            return -1;
        }
        long most = nodes[first].memoryLeftMiB();
        for (int rank : members[c].tailSet(first, false)) {
            long m = nodes[rank].memoryLeftMiB();
            if (m >= memoryMiB) {
                return rank;
            }
            most = Math.max(most, m);
        }
        memoryBound[c] = most; // every member searched: the bound is now exact
        return -1;
    }

    private void add(int rank) {
        NodeState n = nodes[rank];
        Key k = Key.of(n);
        Integer c = classes.get(k);
        if (c == null) {
            c = newClass(k, n);
        }
        members[c].add(rank);
        minRank[c] = members[c].first();
        memoryBound[c] = Math.max(memoryBound[c], n.memoryLeftMiB());
        classOfNode[rank] = c;
    }

    private void remove(int rank) {
        int c = classOfNode[rank];
        members[c].remove(rank);
        if (!members[c].isEmpty()) {
            minRank[c] = members[c].first();
            return;
        }
        classes.remove(key[c]);
        ModelBuckets b = buckets.get(key[c].model());
        int l = level[c];
        int last = b.ids[l][--b.sizes[l]];
        b.ids[l][slot[c]] = last;
        slot[last] = slot[c];
        if (b.sizes[l] == 0) {
            b.used.clear(l);
        }
        key[c] = null;
        representative[c] = null;
        freeIds.push(c);
    }

    private int newClass(Key k, NodeState n) {
        int c = freeIds.isEmpty() ? nextId++ : freeIds.pop();
        if (c >= key.length) {
            grow(Math.max(c + 1, key.length * 2));
        }
        key[c] = k;
        representative[c] = n;
        if (members[c] == null) {
            members[c] = new TreeSet<>();
        }
        memoryBound[c] = 0;
        level[c] = level(n);
        for (int s = 0; s < score.length; s++) {
            score[s][c] = UNKNOWN;
            answer[s][c] = null;
        }
        classes.put(k, c);
        ModelBuckets b = buckets.computeIfAbsent(k.model(), m -> new ModelBuckets());
        int l = level[c];
        if (b.ids[l] == null) {
            b.ids[l] = new int[8];
        } else if (b.sizes[l] == b.ids[l].length) {
            b.ids[l] = Arrays.copyOf(b.ids[l], b.sizes[l] * 2);
        }
        slot[c] = b.sizes[l];
        b.ids[l][b.sizes[l]++] = c;
        b.used.set(l);
        return c;
    }

    private void grow(int size) {
        key = Arrays.copyOf(key, size);
        representative = Arrays.copyOf(representative, size);
        members = Arrays.copyOf(members, size);
        minRank = Arrays.copyOf(minRank, size);
        memoryBound = Arrays.copyOf(memoryBound, size);
        level = Arrays.copyOf(level, size);
        slot = Arrays.copyOf(slot, size);
        for (int s = 0; s < score.length; s++) {
            int old = score[s].length;
            score[s] = Arrays.copyOf(score[s], size);
            Arrays.fill(score[s], old, size, UNKNOWN);
            answer[s] = Arrays.copyOf(answer[s], size);
        }
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
