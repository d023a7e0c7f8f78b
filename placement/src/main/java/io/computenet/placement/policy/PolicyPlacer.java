package io.computenet.placement.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The share-aware placement core: one cluster's nodes in a fixed rank order, a {@link PlacementPolicy}, and the
 * decision procedure both the scheduler and the trace replay use.
 *
 * <p>For each task: a node is feasible when {@link NodeState#fits(GpuTask)}; with none the task is rejected, with
 * exactly one it is taken; otherwise every feasible node is scored and the highest score wins, ties going to the
 * node that comes first in the rank order (the order the nodes were given in; give them in a random order drawn once
 * to reproduce the FGD artifact's fixed random tie-break). Whole-GPU tasks take the lowest-index fully free GPUs;
 * a sharing task takes the GPU its policy chose while scoring.
 *
 * <p>With a {@linkplain PlacementPolicy#cacheable() cacheable} policy a decision does not scan the nodes: a
 * {@link NodeIndex} groups interchangeable nodes into state classes, scores one representative per class (cached
 * per task shape until the policy's version changes) and visits only the classes of allowed GPU models whose free
 * GPUs could hold the task; it makes exactly the decisions of the scan (tested by replaying workloads through
 * both). A non-cacheable policy (random fit) scans every node, scores are then not cached. {@link #scanning}
 * builds a placer that always scans with a per-node score cache: the reference the index is checked and
 * measured against. Not thread-safe: one placer per cluster, used by one thread.
 */
public final class PolicyPlacer {

    private final NodeState[] nodes;
    private final PlacementPolicy policy;
    private final Map<TaskShape, Integer> shapeIds = new HashMap<>();
    private NodeScore[][] cache;
    private long cachedVersion;
    private final NodeIndex index;

    /** A placement: node index (rank order), the GPUs taken, and the winning score. */
    public record Decision(int node, String nodeId, int[] gpus, int score) {
    }

    public PolicyPlacer(List<NodeState> nodesInRankOrder, PlacementPolicy policy) {
        this(nodesInRankOrder, policy, policy.cacheable());
    }

    private PolicyPlacer(List<NodeState> nodesInRankOrder, PlacementPolicy policy, boolean indexed) {
        this.nodes = nodesInRankOrder.toArray(NodeState[]::new);
        this.policy = policy;
        this.cache = new NodeScore[nodes.length][];
        this.cachedVersion = policy.version();
        this.index = indexed ? new NodeIndex(nodes, policy.version()) : null;
    }

    /** A placer that scans every node per decision (per-node score cache): the reference for the indexed one. */
    public static PolicyPlacer scanning(List<NodeState> nodesInRankOrder, PlacementPolicy policy) {
        return new PolicyPlacer(nodesInRankOrder, policy, false);
    }

    /** Whether decisions go through the node index (else a scan). */
    public boolean indexed() {
        return index != null;
    }

    public PlacementPolicy policy() {
        return policy;
    }

    public int size() {
        return nodes.length;
    }

    public NodeState node(int index) {
        return nodes[index];
    }

    /** The current snapshot of every node, in rank order. */
    public List<NodeState> nodes() {
        return List.of(nodes);
    }

    /** Chooses a node for {@code task} without committing; empty when no node fits. */
    public Optional<Decision> choose(GpuTask task) {
        TaskShape shape = task.shape();
        if (policy.version() != cachedVersion) {
            cache = index == null ? new NodeScore[nodes.length][] : cache;
            cachedVersion = policy.version();
        }
        if (index != null) {
            return chooseIndexed(task);
        }
        int shapeId = policy.cacheable() ? shapeIds.computeIfAbsent(shape, s -> shapeIds.size()) : -1;
        int best = -1;
        int second = -1;
        NodeScore bestScore = null;
        for (int i = 0; i < nodes.length; i++) {
            if (!nodes[i].fits(task)) {
                continue;
            }
            if (best < 0) {
                best = i;
                continue;
            }
            if (second < 0) {
                // a second feasible node: now the first one needs a score too
                second = i;
                bestScore = score(best, shape, shapeId);
            }
            NodeScore s = score(i, shape, shapeId);
            if (s.score() > bestScore.score()) {
                best = i;
                bestScore = s;
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        if (bestScore == null) {
            bestScore = score(best, shape, shapeId);
        }
        return Optional.of(new Decision(best, nodes[best].id(), gpusFor(nodes[best], shape, bestScore),
                bestScore.score()));
    }

    /** Applies a decision from {@link #choose} to the cluster. */
    public void commit(GpuTask task, Decision decision) {
        nodes[decision.node()] = nodes[decision.node()].withPlacement(task, decision.gpus());
        cache[decision.node()] = null;
        if (index != null) {
            index.update(decision.node());
        }
    }

    /** Number of state classes in the index (0 when scanning); for reports. */
    public int stateClasses() {
        return index == null ? 0 : index.classCount();
    }

    private Optional<Decision> chooseIndexed(GpuTask task) {
        TaskShape shape = task.shape();
        int shapeId = shapeIds.computeIfAbsent(shape, s -> shapeIds.size());
        int rank = index.choose(shape, shapeId, task.memoryMiB(), cachedVersion, policy::score);
        if (rank < 0) {
            return Optional.empty();
        }
        NodeScore score = index.answer(shapeId);
        return Optional.of(new Decision(rank, nodes[rank].id(), gpusFor(nodes[rank], shape, score), score.score()));
    }

    /** Chooses and commits; empty when the task fits nowhere. Tells the policy that the task arrived. */
    public Optional<Decision> place(GpuTask task) {
        Optional<Decision> decision = choose(task);
        decision.ifPresent(d -> commit(task, d));
        policy.observe(task.shape());
        return decision;
    }

    private NodeScore score(int node, TaskShape shape, int shapeId) {
        if (shapeId < 0) {
            return policy.score(nodes[node], shape);
        }
        NodeScore[] row = cache[node];
        if (row == null || row.length <= shapeId) {
            row = row == null ? new NodeScore[Math.max(16, shapeIds.size())]
                    : Arrays.copyOf(row, Math.max(row.length * 2, shapeIds.size()));
            cache[node] = row;
        }
        NodeScore s = row[shapeId];
        if (s == null) {
            s = policy.score(nodes[node], shape);
            row[shapeId] = s;
        }
        return s;
    }

    private static int[] gpusFor(NodeState node, TaskShape shape, NodeScore score) {
        if (shape.isCpuOnly()) {
            return new int[0];
        }
        if (shape.isWholeGpu()) {
            return node.lowestFullyFree(shape.gpuCount());
        }
        int gpu = score.gpu() >= 0 ? score.gpu() : node.bestFitGpu(shape.gpuMilli());
        return new int[] {gpu};
    }

    /** Totals over the cluster, for reports. */
    public Totals totals() {
        long gpuMilli = 0;
        long free = 0;
        int idle = 0;
        for (NodeState n : nodes) {
            gpuMilli += (long) n.gpuCount() * TaskShape.WHOLE;
            free += n.freeTotal();
            idle += n.fullyFreeGpus();
        }
        return new Totals(gpuMilli, gpuMilli - free, idle);
    }

    /**
     * @param gpuCapacityMilli all GPUs, in milli
     * @param gpuUsedMilli     allocated milli-GPU
     * @param idleGpus         GPUs with nothing allocated
     */
    public record Totals(long gpuCapacityMilli, long gpuUsedMilli, int idleGpus) {
    }

    /** Node ids in rank order (for tests and reports). */
    public List<String> nodeIds() {
        List<String> ids = new ArrayList<>(nodes.length);
        for (NodeState n : nodes) {
            ids.add(n.id());
        }
        return ids;
    }
}
