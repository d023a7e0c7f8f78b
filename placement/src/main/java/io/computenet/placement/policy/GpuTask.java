package io.computenet.placement.policy;

/**
 * One task (a lease request) to place: its {@link TaskShape} plus host memory, which must fit but is never scored.
 *
 * @param name      for reports only
 * @param shape     CPU, GPU share and count, model constraint
 * @param memoryMiB host memory
 */
public record GpuTask(String name, TaskShape shape, long memoryMiB) {

    public GpuTask {
        if (shape == null) {
            throw new IllegalArgumentException("shape is required");
        }
        if (memoryMiB < 0) {
            throw new IllegalArgumentException("memoryMiB must not be negative, was " + memoryMiB);
        }
    }

    public static GpuTask of(String name, long cpuMilli, long memoryMiB, int gpuCount, int gpuMilli, String spec) {
        return new GpuTask(name, new TaskShape(cpuMilli, gpuMilli, gpuCount, ModelConstraint.parse(spec)), memoryMiB);
    }
}
