package io.computenet.placement.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * FGD for production, where the future workload is unknown: the typical-task mix is learned from the requests seen
 * so far (optionally warm-started with the cluster's own past requests) instead of being read from the trace.
 * The mix is rebuilt after 1, 2, 4, ... 128 arrivals and then every 128 arrivals; each rebuild bumps
 * {@link #version()} so cached scores are dropped.
 */
public final class LearningFgd implements PlacementPolicy {

    private static final int REBUILD_EVERY = 128;

    private final String name;
    private final double coverage;
    private final FragmentationGradientDescent.TieBreak tieBreak;
    private final double wasteWeight;
    private final Fragmentation.CpuCap cpuCap;
    private final Map<TaskShape, Long> counts = new HashMap<>();
    private long seen;
    private long version;
    private FragmentationGradientDescent current;

    public LearningFgd(String name, List<TaskShape> warmStart, double coverage,
                       FragmentationGradientDescent.TieBreak tieBreak) {
        this(name, warmStart, coverage, tieBreak, 0);
    }

    /** As above, with FGD's {@link ExpectedWaste} look-ahead weighted by {@code wasteWeight}. */
    public LearningFgd(String name, List<TaskShape> warmStart, double coverage,
                       FragmentationGradientDescent.TieBreak tieBreak, double wasteWeight) {
        this(name, warmStart, coverage, tieBreak, wasteWeight, Fragmentation.CpuCap.PAPER);
    }

    /**
     * As above, on the fragmentation measure with host-CPU cap {@code cpuCap}: with {@link Fragmentation.CpuCap#SHARES}
     * this is {@code fgd-cpu-aware} with the mix learned online instead of read from the trace.
     */
    public LearningFgd(String name, List<TaskShape> warmStart, double coverage,
                       FragmentationGradientDescent.TieBreak tieBreak, double wasteWeight,
                       Fragmentation.CpuCap cpuCap) {
        this.name = name;
        this.cpuCap = cpuCap;
        this.wasteWeight = wasteWeight;
        this.coverage = coverage;
        this.tieBreak = tieBreak;
        for (TaskShape s : warmStart) {
            counts.merge(s, 1L, Long::sum);
        }
        rebuild();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NodeScore score(NodeState node, TaskShape shape) {
        return current.score(node, shape);
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public void observe(TaskShape shape) {
        counts.merge(shape, 1L, Long::sum);
        seen++;
        if (seen < REBUILD_EVERY ? Long.bitCount(seen) == 1 : seen % REBUILD_EVERY == 0) {
            rebuild();
        }
    }

    /** The mix the policy currently scores with. */
    public TypicalTasks mix() {
        return counts.isEmpty() ? new TypicalTasks(List.of(), List.of()) : TypicalTasks.fromCounts(counts, coverage);
    }

    private void rebuild() {
        current = new FragmentationGradientDescent(name, mix(), tieBreak, wasteWeight, cpuCap);
        version++;
    }
}
