package io.computenet.placement.policy;

/**
 * A look-ahead on one GPU: if tasks keep arriving in the proportions of the typical-task mix and each goes to this
 * GPU while it fits, how much of a free share {@code r} is expected to be left over for good?
 * <pre>
 * V(r) = r                                         if no typical GPU task fits (g_m &gt; r for all m)
 *      = Σ_{m: g_m ≤ r} p_m · V(r − g_m) / Σ_{m: g_m ≤ r} p_m    otherwise
 * </pre>
 * computed once for r = 0..1000 by dynamic programming. Whole-GPU tasks count as {@code g = 1000} per GPU;
 * CPU-only tasks are left out (they take no GPU). Unlike the FGD measure, which asks "can some typical task still use
 * this remainder?", V also asks "and what will that task leave behind?", so it tells a remainder that typical shares
 * fill exactly (e.g. 500 for a mix of 250s and 500s) from one they leave a sliver of.
 */
public final class ExpectedWaste {

    private final double[] value = new double[TaskShape.WHOLE + 1];

    public ExpectedWaste(TypicalTasks mix) {
        int k = mix.size();
        for (int r = 0; r <= TaskShape.WHOLE; r++) {
            double weight = 0;
            double sum = 0;
            for (int m = 0; m < k; m++) {
                TaskShape t = mix.shapes().get(m);
                if (t.gpuCount() > 0 && t.gpuMilli() <= r) {
                    double p = mix.probabilities().get(m);
                    weight += p;
                    sum += p * value[r - t.gpuMilli()];
                }
            }
            value[r] = weight == 0 ? r : sum / weight;
        }
    }

    /** {@code V(r)} in milli-GPU. */
    public double of(int freeMilli) {
        return value[freeMilli];
    }

    /** {@code Σ V(L_i)} over a node's GPUs. */
    public double of(int[] free) {
        double sum = 0;
        for (int f : free) {
            sum += value[f];
        }
        return sum;
    }
}
