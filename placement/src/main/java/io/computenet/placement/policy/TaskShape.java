package io.computenet.placement.policy;

/**
 * What a task asks of a node, without its host memory: the key under which tasks are counted for the typical-task
 * mix and under which scores are cached. Memory only decides feasibility, never a score.
 *
 * <p>Three kinds: CPU-only ({@code gpuCount == 0}), a <em>sharing</em> task ({@code gpuCount == 1},
 * {@code gpuMilli < 1000}: a soft slice of that many thousandths of one GPU) and a <em>whole-GPU</em> task
 * ({@code gpuMilli == 1000}: {@code gpuCount} GPUs that must be entirely free).
 *
 * @param cpuMilli host CPU in thousandths of a core
 * @param gpuMilli per-GPU share in thousandths (0 for CPU-only, 1000 for whole GPUs)
 * @param gpuCount number of GPUs (0 for CPU-only)
 * @param models   allowed GPU models (ignored for CPU-only tasks)
 */
public record TaskShape(long cpuMilli, int gpuMilli, int gpuCount, ModelConstraint models) {

    public static final int WHOLE = 1000;

    public TaskShape {
        if (cpuMilli < 0) {
            throw new IllegalArgumentException("cpuMilli must not be negative, was " + cpuMilli);
        }
        if (gpuCount < 0 || gpuCount > 64) {
            throw new IllegalArgumentException("gpuCount must be within 0..64, was " + gpuCount);
        }
        if (gpuCount == 0) {
            gpuMilli = 0;
        } else if (gpuMilli < 1 || gpuMilli > WHOLE) {
            throw new IllegalArgumentException("gpuMilli must be within 1..1000 for a GPU task, was " + gpuMilli);
        } else if (gpuCount > 1 && gpuMilli != WHOLE) {
            throw new IllegalArgumentException("a task with " + gpuCount
                    + " GPUs must take them whole (gpuMilli 1000), was " + gpuMilli);
        }
        models = models == null ? ModelConstraint.ANY : models;
    }

    /** Total GPU demand in milli: {@code gpuCount * gpuMilli}. */
    public long gpuDemandMilli() {
        return (long) gpuCount * gpuMilli;
    }

    public boolean isCpuOnly() {
        return gpuCount == 0;
    }

    /** A share of one GPU (a soft slice). */
    public boolean isSharing() {
        return gpuCount == 1 && gpuMilli < WHOLE;
    }

    public boolean isWholeGpu() {
        return gpuCount > 0 && gpuMilli == WHOLE;
    }
}
