package io.computenet.placement.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * FGD for production, where the future workload is unknown: the typical-task mix is learned from the requests seen
 * so far (optionally warm-started with the cluster's own past requests) instead of being read from the trace.
 * The mix is re-counted after 1, 2, 4, ... 128 arrivals and then every 128 arrivals. A rebuild bumps
 * {@link #version()}, so every cached score is dropped and scored again; with a minimum change ({@code minChange}
 * &gt; 0) the policy rebuilds only when the re-counted mix has moved at least that far (total variation distance,
 * {@link TypicalTasks#distance}) from the one it scores with: once the mix has settled, scores stay cached as with
 * a fixed mix, and a workload that drifts still gets a new mix.
 */
public final class LearningFgd implements PlacementPolicy {

    private static final int REBUILD_EVERY = 128;

    private final String name;
    private final double coverage;
    private final FragmentationGradientDescent.TieBreak tieBreak;
    private final double wasteWeight;
    private final Fragmentation.CpuCap cpuCap;
    private final double minChange;
    private final Map<TaskShape, Long> counts = new HashMap<>();
    private long seen;
    private long version;
    private TypicalTasks currentMix;
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
     * As above, rebuilding only when the mix has moved at least {@code minChange} (total variation, 0..1; 0: at
     * every re-count) from the one in use.
     */
    public LearningFgd(String name, List<TaskShape> warmStart, double coverage,
                       FragmentationGradientDescent.TieBreak tieBreak, double wasteWeight,
                       Fragmentation.CpuCap cpuCap, double minChange) {
        if (minChange < 0 || minChange > 1) {
            throw new IllegalArgumentException("minChange must be within [0, 1], was " + minChange);
        }
        this.minChange = minChange;
        this.name = name;
        this.cpuCap = cpuCap;
        this.wasteWeight = wasteWeight;
        this.coverage = coverage;
        this.tieBreak = tieBreak;
        for (TaskShape s : warmStart) {
            counts.merge(s, 1L, Long::sum);
        }
        rebuild(mix());
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
            TypicalTasks recounted = mix();
            if (minChange == 0 || recounted.distance(currentMix) >= minChange) {
                rebuild(recounted);
            }
        }
    }

    /** The mix of the requests counted so far (what a rebuild now would score with). */
    public TypicalTasks mix() {
        return counts.isEmpty() ? new TypicalTasks(List.of(), List.of()) : TypicalTasks.fromCounts(counts, coverage);
    }

    /** The mix the policy scores with now (the last one it rebuilt from). */
    public TypicalTasks currentMix() {
        return currentMix;
    }

    private void rebuild(TypicalTasks mix) {
        currentMix = mix;
        current = new FragmentationGradientDescent(name, mix, tieBreak, wasteWeight, cpuCap);
        version++;
    }
}
