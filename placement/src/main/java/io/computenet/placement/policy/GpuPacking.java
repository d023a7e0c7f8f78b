package io.computenet.placement.policy;

/**
 * GPU packing: fill partly used GPUs first, then partly used nodes, and open an idle node last (fewest GPUs first).
 * For a GPU task (CPU-only tasks score 0 everywhere):
 * <ul>
 *   <li>all of the node's {@code G} GPUs free: {@code 33 − G};</li>
 *   <li>otherwise take the first {@code n} GPUs with {@code L_i >= g} in ascending free share (stable by index):
 *       if {@code f > 0} of them are fully free, {@code max(50 − f, 33)}; else
 *       {@code max(100 − ⌊Σ⌊L_i·100/1000⌋ / 10⌋, 50)}.</li>
 * </ul>
 * A sharing task takes the best-fitting GPU.
 */
public final class GpuPacking implements PlacementPolicy {

    @Override
    public String name() {
        return "gpu-packing";
    }

    @Override
    public NodeScore score(NodeState node, TaskShape shape) {
        if (shape.isCpuOnly()) {
            return new NodeScore(0, -1);
        }
        int gpu = Baselines.bestFitGpu(node, shape);
        if (node.fullyFreeGpus() == node.gpuCount()) {
            return new NodeScore(33 - node.gpuCount(), gpu);
        }
        Integer[] order = new Integer[node.gpuCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(node::free)); // stable: index on ties
        int taken = 0;
        int fullyFree = 0;
        int percentSum = 0;
        for (int i = 0; i < order.length && taken < shape.gpuCount(); i++) {
            int f = node.free(order[i]);
            if (f >= shape.gpuMilli()) {
                taken++;
                if (f == TaskShape.WHOLE) {
                    fullyFree++;
                }
                percentSum += f * 100 / TaskShape.WHOLE;
            }
        }
        int score = fullyFree > 0 ? Math.max(50 - fullyFree, 33) : Math.max(100 - percentSum / 10, 50);
        return new NodeScore(score, gpu);
    }
}
