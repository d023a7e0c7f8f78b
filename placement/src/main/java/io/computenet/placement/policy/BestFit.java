package io.computenet.placement.policy;

/**
 * Best fit: prefer the node with the least CPU and GPU left after placement,
 * {@code ⌊100·(1 − [0.5·(c − cpu_t)/128000 + 0.5·(R − D_t)/8000])⌋} where {@code c} is the node's CPU left,
 * {@code R} its free GPU share and {@code D_t} the task's GPU demand. The artifact min–max scales this over the
 * feasible nodes, which keeps the order and the ties, so the raw score is used. A sharing task takes the GPU
 * with the least free share that still fits.
 */
public final class BestFit implements PlacementPolicy {

    @Override
    public String name() {
        return "best-fit";
    }

    @Override
    public NodeScore score(NodeState node, TaskShape shape) {
        double left = 0.5 * (node.cpuLeft() - shape.cpuMilli()) / Normalisers.CPU_MILLI
                + 0.5 * (node.freeTotal() - shape.gpuDemandMilli()) / Normalisers.GPU_MILLI;
        return new NodeScore((int) Math.floor(100 * (1 - left)), Baselines.bestFitGpu(node, shape));
    }
}
