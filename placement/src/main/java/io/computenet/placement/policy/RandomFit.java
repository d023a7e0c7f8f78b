package io.computenet.placement.policy;

import java.util.Random;

/**
 * Random fit: a uniformly random feasible node (every node gets a random score) and, for a sharing task, a
 * uniformly random GPU among those with enough free share. Seeded, so a replay is repeatable; not cacheable.
 */
public final class RandomFit implements PlacementPolicy {

    private final Random random;

    public RandomFit(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public String name() {
        return "random-fit";
    }

    @Override
    public boolean cacheable() {
        return false;
    }

    @Override
    public NodeScore score(NodeState node, TaskShape shape) {
        int gpu = -1;
        if (shape.isSharing()) {
            int fitting = 0;
            for (int i = 0; i < node.gpuCount(); i++) {
                if (node.free(i) >= shape.gpuMilli()) {
                    fitting++;
                }
            }
            int pick = random.nextInt(fitting);
            for (int i = 0; i < node.gpuCount(); i++) {
                if (node.free(i) >= shape.gpuMilli() && pick-- == 0) {
                    gpu = i;
                    break;
                }
            }
        }
        return new NodeScore(random.nextInt(Integer.MAX_VALUE), gpu);
    }
}
