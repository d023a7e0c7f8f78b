package io.computenet.placement.policy;

/**
 * How to rank the feasible nodes for a task. A policy only scores; {@link PolicyPlacer} checks feasibility, asks
 * the policy for a score per feasible node, keeps the highest (ties to the node ranked first) and commits.
 *
 * <p>Scores must be a pure function of the node snapshot and the task shape, unless {@link #cacheable()} says
 * otherwise, so that the placer may cache them per node until that node changes. A policy that learns (its view of
 * the workload changes) bumps {@link #version()}, which empties the cache.
 */
public interface PlacementPolicy {

    /** The name used on the command line and in configuration, e.g. {@code fgd}. */
    String name();

    /** Score {@code shape} on {@code node}, which is known to fit it. */
    NodeScore score(NodeState node, TaskShape shape);

    /**
     * Whether {@link #score} depends on nothing but its arguments and {@link #version()}, and of the node only on
     * its GPU model, CPU left, free shares and tags (not its id nor its memory): {@link PolicyPlacer} then scores
     * one node per class of identical such states.
     */
    default boolean cacheable() {
        return true;
    }

    /** Changes whenever the policy's scores may change for the same node and shape. */
    default long version() {
        return 0;
    }

    /** Tells a learning policy that a task arrived (placed or not). The default ignores it. */
    default void observe(TaskShape shape) {
    }
}
