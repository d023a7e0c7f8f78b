package io.computenet.placement.policy;

/**
 * FGD (Weng et al., "Beware of Fragmentation", USENIX ATC '23): place each task where it grows the fragmentation
 * measure least, i.e. follow the steepest descent of {@link Fragmentation} given the typical-task mix.
 *
 * <p>For each placement option on a node, {@code Δ = F(node) − F(node after the hypothetical placement)} (the
 * hypothetical subtracts the task's CPU and GPU share, not its memory) and the option's score is
 * {@code ⌊100·σ(Δ/1000)⌋} with {@code σ(x) = 1/(1+e^(−x))}: integers 0..99, one step is about 40 milli-GPU of Δ
 * near zero. The quantisation matters: near-equal options tie, and ties go to the node ranked first, which
 * consolidates load the way the paper's artifact does.
 * <ul>
 *   <li>Sharing task: every GPU with enough free share is an option; the node's score is the best option's, and
 *       the task takes the lowest-index GPU reaching it.</li>
 *   <li>Whole-GPU task: one option, the lowest-index fully free GPUs. CPU-only task: CPU only.</li>
 * </ul>
 */
public final class FragmentationGradientDescent implements PlacementPolicy {

    /**
     * How equal FGD scores are split. {@link #RANK}: not at all, the node ranked first wins (the paper).
     * {@link #TIGHTEST}: the node with the least CPU and GPU left after placement wins (best fit), then rank.
     */
    public enum TieBreak { RANK, TIGHTEST }

    /** Bits of the score below the FGD score, used by {@link TieBreak#TIGHTEST}. */
    private static final int TIE_BITS = 20;

    private final String name;
    private final Fragmentation fragmentation;
    private final TieBreak tieBreak;
    private final ExpectedWaste waste;
    private final double wasteWeight;

    public FragmentationGradientDescent(TypicalTasks mix) {
        this("fgd", mix, TieBreak.RANK);
    }

    public FragmentationGradientDescent(String name, TypicalTasks mix, TieBreak tieBreak) {
        this(name, mix, tieBreak, 0);
    }

    /**
     * @param wasteWeight weight of the {@link ExpectedWaste} look-ahead added to the fragment (0: plain FGD)
     */
    public FragmentationGradientDescent(String name, TypicalTasks mix, TieBreak tieBreak, double wasteWeight) {
        this(name, mix, tieBreak, wasteWeight, Fragmentation.CpuCap.PAPER);
    }

    /** As above, with the fragmentation measure's host-CPU cap {@code cpuCap}. */
    public FragmentationGradientDescent(String name, TypicalTasks mix, TieBreak tieBreak, double wasteWeight,
                                        Fragmentation.CpuCap cpuCap) {
        this.name = name;
        this.fragmentation = new Fragmentation(mix, cpuCap);
        this.tieBreak = tieBreak;
        this.waste = new ExpectedWaste(mix);
        this.wasteWeight = wasteWeight;
    }

    /** The fragment FGD descends: the measure, plus the weighted expected waste when the look-ahead is on. */
    private double fragment(NodeState node, long cpuLeft, int[] free) {
        double f = fragmentation.of(node.model(), cpuLeft, free);
        return wasteWeight == 0 ? f : f + wasteWeight * waste.of(free);
    }

    @Override
    public String name() {
        return name;
    }

    public Fragmentation fragmentation() {
        return fragmentation;
    }

    /** {@code ⌊100·σ(Δ/1000)⌋}. */
    public static int quantise(double delta) {
        return (int) Math.floor(100.0 / (1.0 + Math.exp(-delta / 1000.0)));
    }

    @Override
    public NodeScore score(NodeState node, TaskShape shape) {
        int[] free = node.freeMilli();
        double before = fragment(node, node.cpuLeft(), free);
        long cpuAfter = node.cpuLeft() - shape.cpuMilli();
        if (shape.isCpuOnly()) {
            return new NodeScore(withTieBreak(quantise(before - fragment(node, cpuAfter, free)),
                    node, shape), -1);
        }
        if (shape.isWholeGpu()) {
            return new NodeScore(scoreAfter(node, shape, before, free, node.lowestFullyFree(shape.gpuCount())), -1);
        }
        int bestScore = -1;
        int bestGpu = -1;
        for (int i = 0; i < free.length; i++) {
            int f = free[i];
            if (f < shape.gpuMilli() || seenEarlier(free, i)) {
                continue;
            }
            int s = quantise(deltaAfter(node, shape, before, free, new int[] {i}));
            if (s > bestScore) {
                bestScore = s;
                bestGpu = i;
            }
        }
        return new NodeScore(withTieBreak(bestScore, node, shape), bestGpu);
    }

    /**
     * The score of placing {@code shape} on exactly these GPUs of {@code node} (a sharing task: one GPU with at
     * least {@code gpuMilli} free; a whole-GPU task: {@code gpuCount} fully free GPUs), tie-break included. This is
     * {@link #score}'s own arithmetic for one option instead of the node's best: the scheduler's planner, which
     * decides the device itself (slice arithmetic, memory, the request's constraints), asks it per candidate device.
     */
    public int scoreOn(NodeState node, TaskShape shape, int[] gpus) {
        if (shape.isCpuOnly() || gpus.length != shape.gpuCount()) {
            throw new IllegalArgumentException("a " + shape.gpuCount() + "-GPU task on " + gpus.length + " GPUs");
        }
        int[] free = node.freeMilli();
        return scoreAfter(node, shape, fragment(node, node.cpuLeft(), free), free, gpus);
    }

    /** {@code F(node)} as this policy descends it (the measure, plus the look-ahead when weighted). */
    public double fragment(NodeState node) {
        return fragment(node, node.cpuLeft(), node.freeMilli());
    }

    /** The score of taking {@code gpuMilli} from each of {@code gpus}, given {@code before = F(node)}. */
    private int scoreAfter(NodeState node, TaskShape shape, double before, int[] free, int[] gpus) {
        return withTieBreak(quantise(deltaAfter(node, shape, before, free, gpus)), node, shape);
    }

    /** {@code F(node) − F(node after)}; {@code free} is restored before returning. */
    private double deltaAfter(NodeState node, TaskShape shape, double before, int[] free, int[] gpus) {
        int[] saved = new int[gpus.length];
        for (int k = 0; k < gpus.length; k++) {
            int g = gpus[k];
            saved[k] = free[g];
            if (free[g] < shape.gpuMilli()) {
                throw new IllegalArgumentException("GPU " + g + " of " + node.id() + " has " + free[g]
                        + " milli free, the task needs " + shape.gpuMilli());
            }
            free[g] -= shape.gpuMilli();
        }
        double delta = before - fragment(node, node.cpuLeft() - shape.cpuMilli(), free);
        for (int k = gpus.length - 1; k >= 0; k--) {
            free[gpus[k]] = saved[k];
        }
        return delta;
    }

    /** The FGD score, with the tie-break below it when there is one. */
    private int withTieBreak(int fgdScore, NodeState node, TaskShape shape) {
        if (tieBreak == TieBreak.RANK) {
            return fgdScore;
        }
        // best fit's measure of what is left, finer than its integer score: 0 (nothing left) .. ~1.5
        double left = 0.5 * (node.cpuLeft() - shape.cpuMilli()) / Normalisers.CPU_MILLI
                + 0.5 * (node.freeTotal() - shape.gpuDemandMilli()) / Normalisers.GPU_MILLI;
        int tight = (int) Math.max(0, Math.min((1 << TIE_BITS) - 1, (1 - left / 2) * ((1 << TIE_BITS) - 1)));
        return (fgdScore << TIE_BITS) | tight;
    }

    /** A GPU with the same free share as an earlier one gives the same score; the earlier index wins anyway. */
    private static boolean seenEarlier(int[] free, int i) {
        for (int j = 0; j < i; j++) {
            if (free[j] == free[i]) {
                return true;
            }
        }
        return false;
    }
}
