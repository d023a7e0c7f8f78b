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

    private final String name;
    private final Fragmentation fragmentation;

    public FragmentationGradientDescent(TypicalTasks mix) {
        this("fgd", mix);
    }

    public FragmentationGradientDescent(String name, TypicalTasks mix) {
        this.name = name;
        this.fragmentation = new Fragmentation(mix);
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
        double before = fragmentation.of(node.model(), node.cpuLeft(), free);
        long cpuAfter = node.cpuLeft() - shape.cpuMilli();
        if (shape.isCpuOnly()) {
            return new NodeScore(quantise(before - fragmentation.of(node.model(), cpuAfter, free)), -1);
        }
        if (shape.isWholeGpu()) {
            for (int g : node.lowestFullyFree(shape.gpuCount())) {
                free[g] = 0;
            }
            return new NodeScore(quantise(before - fragmentation.of(node.model(), cpuAfter, free)), -1);
        }
        int bestScore = -1;
        int bestGpu = -1;
        for (int i = 0; i < free.length; i++) {
            int f = free[i];
            if (f < shape.gpuMilli() || seenEarlier(free, i)) {
                continue;
            }
            free[i] = f - shape.gpuMilli();
            int s = quantise(before - fragmentation.of(node.model(), cpuAfter, free));
            free[i] = f;
            if (s > bestScore) {
                bestScore = s;
                bestGpu = i;
            }
        }
        return new NodeScore(bestScore, bestGpu);
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
