package io.computenet.placement.policy;

/**
 * GPU clustering: keep tasks of the same kind together ("share", or "k-gpu" for a whole-GPU task of k GPUs), then
 * prefer fuller nodes. {@code base = ⌊25·(8000 − R)/8000⌋}; the score is {@code base + 75} when the node holds
 * only this task's kind, {@code base + 50} when it holds this kind and others, {@code base + 25} when it holds no
 * GPU task, {@code base} when it holds only other kinds. CPU-only tasks score 0. A sharing task takes the
 * best-fitting GPU.
 */
public final class GpuClustering implements PlacementPolicy {

    @Override
    public String name() {
        return "gpu-clustering";
    }

    @Override
    public NodeScore score(NodeState node, TaskShape shape) {
        if (shape.isCpuOnly()) {
            return new NodeScore(0, -1);
        }
        int base = (int) (25L * (8000 - node.freeTotal()) / 8000);
        int tag = shape.isSharing() ? NodeState.SHARE_TAG : 1 << Math.min(shape.gpuCount(), 30);
        int tags = node.tags();
        int bonus;
        if (tags == tag) {
            bonus = 75;
        } else if ((tags & tag) != 0) {
            bonus = 50;
        } else if (tags == 0) {
            bonus = 25;
        } else {
            bonus = 0;
        }
        return new NodeScore(base + bonus, Baselines.bestFitGpu(node, shape));
    }
}
