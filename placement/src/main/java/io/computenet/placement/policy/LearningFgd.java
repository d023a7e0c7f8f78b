package io.computenet.placement.policy;

import java.util.List;

/**
 * FGD for production, where the future workload is unknown: the typical-task mix is learned from the requests seen
 * so far ({@link MixLearner}: optionally warm-started with the cluster's own past requests, re-counted after 1, 2, 4,
 * ... 128 arrivals and then every 128) instead of being read from the trace. Each new mix bumps {@link #version()},
 * so every cached score is dropped and scored again.
 */
public final class LearningFgd implements PlacementPolicy {

    private final String name;
    private final FragmentationGradientDescent.TieBreak tieBreak;
    private final double wasteWeight;
    private final Fragmentation.CpuCap cpuCap;
    private final MixLearner learner;
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
        this(name, warmStart, coverage, tieBreak, wasteWeight, cpuCap, 0);
    }

    /**
     * As above, replacing the mix only when it has moved at least {@code minChange} (total variation, 0..1; 0: at
     * every re-count) from the one in use.
     */
    public LearningFgd(String name, List<TaskShape> warmStart, double coverage,
                       FragmentationGradientDescent.TieBreak tieBreak, double wasteWeight,
                       Fragmentation.CpuCap cpuCap, double minChange) {
        this.learner = new MixLearner(warmStart, coverage, minChange);
        this.name = name;
        this.cpuCap = cpuCap;
        this.wasteWeight = wasteWeight;
        this.tieBreak = tieBreak;
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
        return learner.version();
    }

    @Override
    public void observe(TaskShape shape) {
        if (learner.observe(shape)) {
            rebuild();
        }
    }

    /** The mix of the requests counted so far (what a re-count now would give). */
    public TypicalTasks mix() {
        return learner.counted();
    }

    /** The mix the policy scores with now (the last one kept). */
    public TypicalTasks currentMix() {
        return learner.current();
    }

    private void rebuild() {
        current = new FragmentationGradientDescent(name, learner.current(), tieBreak, wasteWeight, cpuCap);
    }
}
