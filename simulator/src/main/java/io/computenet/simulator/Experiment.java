package io.computenet.simulator;

import io.computenet.placement.policy.Fragmentation;
import io.computenet.placement.policy.GpuTask;
import io.computenet.placement.policy.NodeState;
import io.computenet.placement.policy.PlacementPolicy;
import io.computenet.placement.policy.Policies;
import io.computenet.placement.policy.TaskShape;
import io.computenet.placement.policy.TypicalTasks;

import java.util.List;
import java.util.Random;

/**
 * One trace, prepared once, replayed per policy and seed with the protocol of the FGD paper's main experiment
 * (see {@code docs/performance.md}): tasks sorted by name, shuffled with the seed, tuned to {@code load × GPU
 * capacity}; a random node rank drawn once per run breaks score ties; the typical-task mix for FGD and for the
 * reported fragmentation is taken from the untuned trace.
 */
public final class Experiment {

    private final List<NodeState> nodes;
    private final List<GpuTask> byName;
    private final TypicalTasks mix;
    private final long capacityMilli;

    public Experiment(List<NodeState> nodes, List<GpuTask> tasks, double coverage) {
        this.nodes = List.copyOf(nodes);
        this.byName = Workload.byName(tasks);
        this.mix = TypicalTasks.of(byName.stream().map(GpuTask::shape).toList(), coverage);
        this.capacityMilli = nodes.stream().mapToLong(n -> (long) n.gpuCount() * TaskShape.WHOLE).sum();
    }

    /** {@code count} nodes: the given ones repeated in order, with {@code #k} appended to the ids of the copies. */
    public static List<NodeState> scaled(List<NodeState> nodes, int count) {
        if (nodes.isEmpty() || count < 1) {
            throw new IllegalArgumentException("--scale-nodes needs a node list and a count of at least 1");
        }
        List<NodeState> out = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            NodeState n = nodes.get(i % nodes.size());
            int copy = i / nodes.size();
            out.add(copy == 0 ? n : NodeState.of(n.id() + "#" + copy, n.model(), n.cpuLeft(), n.memoryLeftMiB(),
                    n.freeMilli(), n.tags()));
        }
        return out;
    }

    public TypicalTasks mix() {
        return mix;
    }

    public long capacityMilli() {
        return capacityMilli;
    }

    /** The arrival sequence and node rank of one seed. */
    public record Run(List<GpuTask> arrivals, List<NodeState> rankedNodes) {
    }

    /** Shuffle, tune to {@code load}, then draw the node rank, all from one RNG seeded with {@code seed}. */
    public Run prepare(long seed, double load) {
        Random random = new Random(seed);
        List<GpuTask> shuffled = Workload.shuffled(byName, random);
        long target = Math.round(load * capacityMilli);
        List<GpuTask> arrivals = Workload.tune(shuffled, byName, target, random);
        List<NodeState> ranked = new java.util.ArrayList<>(nodes);
        java.util.Collections.shuffle(ranked, random);
        return new Run(arrivals, ranked);
    }

    public ReplayResult replay(String policyName, long seed, double load) {
        return replay(policyName, seed, load, false);
    }

    /** As above; {@code scan}: the reference placer that scans every node (same decisions, for timing). */
    public ReplayResult replay(String policyName, long seed, double load, boolean scan) {
        Run run = prepare(seed, load);
        PlacementPolicy policy = Policies.create(policyName, new Policies.Context(seed * 1_000_003L + 17, mix,
                List.of()));
        return Replay.run(run.rankedNodes(), run.arrivals(), policy, new Fragmentation(mix), scan);
    }
}
