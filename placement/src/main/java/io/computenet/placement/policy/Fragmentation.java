package io.computenet.placement.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The FGD fragmentation measure (Weng et al., ATC '23, section 4): how much of a node's free GPU share the typical
 * tasks could not use, weighted by how often each typical task arrives.
 *
 * <pre>
 * F_m(node) = R                       if m is CPU-only (every idle GPU share is fragment to it)
 *           = R                       if m's model constraint excludes the node's model
 *           = R                       if cpuLeft &lt; cpu_m, or fewer than n_m GPUs have L_i &gt;= g_m
 *           = sum of L_i with L_i &lt; g_m   otherwise (the GPUs individually too small for m)
 * F(node)   = sum_m p_m * F_m(node)   in milli-GPU (memory is ignored);  F(cluster) = sum over nodes
 * </pre>
 * where {@code L_i} is GPU {@code i}'s free share and {@code R = sum L_i}.
 *
 * <p><b>CPU-aware variant</b> ({@link CpuCap#SHARES}, used by {@code fgd-cpu-aware}): the paper's measure asks only
 * whether <em>one</em> copy of a typical task still fits, so a node with eight free GPUs and CPU for one more
 * sharing task looks unfragmented although seven of its GPUs will never be used by such tasks. For a typical sharing
 * task ({@code n_m = 1, g_m &lt; 1000, cpu_m &gt; 0}) that fits, the variant caps the usable share by the copies the
 * host CPU can still feed, each on one GPU:
 * <pre>
 * F_m(node) = R − min( sum of L_i with L_i &gt;= g_m ,  (c / cpu_m) · 1000 )      (c = CPU left, real division)
 * </pre>
 * With CPU to spare the minimum is the first term and {@code F_m} equals the paper's; CPU-only and whole-GPU
 * typical tasks are measured as in the paper (capping them too was measured and lost on the multi-GPU trace).
 * FGD descending this measure steers CPU-heavy tasks (CPU-only ones included) away from nodes whose free GPUs
 * still need that CPU, and fills CPU-starved nodes' GPUs with CPU-light shares.
 */
public final class Fragmentation {

    private final long[] cpu;
    private final int[] gpuMilli;
    private final int[] gpuCount;
    private final double[] p;
    private final ModelConstraint[] models;
    private final Map<String, boolean[]> compatibleByModel = new HashMap<>();
    private final CpuCap cpuCap;

    /**
     * Whether host CPU limits how much of the fitting share a typical task can use. {@link #PAPER}: not at all once
     * one copy fits (the paper's measure). {@link #SHARES}: the CPU left feeds at most {@code c / cpu_m} copies of a
     * typical <em>sharing</em> task, each on one GPU, so free share beyond {@code (c / cpu_m)·1000} milli counts as
     * fragment for it (see the class comment); whole-GPU and CPU-only typical tasks are measured as in the paper.
     */
    public enum CpuCap { PAPER, SHARES }

    public Fragmentation(TypicalTasks mix) {
        this(mix, CpuCap.PAPER);
    }

    public Fragmentation(TypicalTasks mix, CpuCap cpuCap) {
        this.cpuCap = cpuCap;
        int k = mix.size();
        cpu = new long[k];
        gpuMilli = new int[k];
        gpuCount = new int[k];
        p = new double[k];
        models = new ModelConstraint[k];
        for (int m = 0; m < k; m++) {
            TaskShape t = mix.shapes().get(m);
            cpu[m] = t.cpuMilli();
            gpuMilli[m] = t.gpuMilli();
            gpuCount[m] = t.gpuCount();
            p[m] = mix.probabilities().get(m);
            models[m] = t.models();
        }
    }

    /** {@code F(node)} in milli-GPU. */
    public double of(NodeState node) {
        return of(node.model(), node.cpuLeft(), node.freeMilli());
    }

    /** {@code F(cluster)}: the sum over nodes, in milli-GPU. */
    public double of(List<NodeState> nodes) {
        double sum = 0;
        for (NodeState n : nodes) {
            sum += of(n);
        }
        return sum;
    }

    /** {@code F} of a node of {@code model} with {@code cpuLeft} and free shares {@code free}. */
    public double of(String model, long cpuLeft, int[] free) {
        boolean[] compatible = compatible(model);
        int r = 0;
        for (int f : free) {
            r += f;
        }
        double sum = 0;
        for (int m = 0; m < p.length; m++) {
            sum += p[m] * fragmentFor(m, compatible[m], cpuLeft, free, r);
        }
        return sum;
    }

    private double fragmentFor(int m, boolean compatible, long cpuLeft, int[] free, int r) {
        int g = gpuMilli[m];
        if (g == 0 || !compatible || cpuLeft < cpu[m]) {
            return r;
        }
        int fitting = 0;
        int tooSmall = 0;
        for (int f : free) {
            if (f >= g) {
                fitting++;
            } else {
                tooSmall += f;
            }
        }
        if (fitting < gpuCount[m]) {
            return r;
        }
        if (cpuCap == CpuCap.PAPER || cpu[m] == 0 || g == TaskShape.WHOLE) {
            return tooSmall;
        }
        // SHARES: the CPU left feeds c / cpu_m more copies of m, each on one GPU at most
        double usableByCpu = (double) cpuLeft / cpu[m] * TaskShape.WHOLE;
        return r - Math.min(r - tooSmall, usableByCpu);
    }

    // the last model asked about: nodes are usually scored model by model, and the map lookup showed in profiles
    private String lastModel;
    private boolean[] lastCompatible;

    private boolean[] compatible(String model) {
        if (model.equals(lastModel)) {
            return lastCompatible;
        }
        lastCompatible = compatibleFor(model);
        lastModel = model;
        return lastCompatible;
    }

    private boolean[] compatibleFor(String model) {
        return compatibleByModel.computeIfAbsent(model, md -> {
            boolean[] c = new boolean[models.length];
            for (int m = 0; m < models.length; m++) {
                c[m] = models[m].allows(md);
            }
            return c;
        });
    }
}
