package io.computenet.placement.policy;

/** GPU selection shared by the packing baselines. */
final class Baselines {

    private Baselines() {
    }

    /** Sharing task: the best-fitting GPU (a fully free GPU only when no partly used one fits); else -1. */
    static int bestFitGpu(NodeState node, TaskShape shape) {
        return shape.isSharing() ? node.bestFitGpu(shape.gpuMilli()) : -1;
    }
}
