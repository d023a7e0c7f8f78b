package io.computenet.placement.policy;

/**
 * Dot product (Tetris-like alignment, Grandl et al.): prefer the node whose remaining CPU and GPU align least with
 * the task's demand, {@code ⌊100·(1 − ½[(c/128000)(cpu_t/128000) + (R/8000)(D_t/8000)])⌋}. A sharing task takes
 * the best-fitting GPU.
 */
public final class DotProduct implements PlacementPolicy {

    @Override
    public String name() {
        return "dot-product";
    }

    @Override
    public NodeScore score(NodeState node, TaskShape shape) {
        double dot = (node.cpuLeft() / Normalisers.CPU_MILLI) * (shape.cpuMilli() / Normalisers.CPU_MILLI)
                + (node.freeTotal() / Normalisers.GPU_MILLI) * (shape.gpuDemandMilli() / Normalisers.GPU_MILLI);
        return new NodeScore((int) Math.floor(100 * (1 - 0.5 * dot)), Baselines.bestFitGpu(node, shape));
    }
}
