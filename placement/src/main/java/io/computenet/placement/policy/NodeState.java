package io.computenet.placement.policy;

import java.util.Arrays;

/**
 * An immutable snapshot of one node as the share-aware placement core sees it: host CPU and memory left, the GPU
 * model, and the free share of each GPU in thousandths ({@code 1000} = fully free, {@code 0} = fully taken).
 * Placing a task returns a new snapshot ({@link #withPlacement}); nothing is mutated, so a snapshot can key a cache.
 *
 * <p>The tag mask records which kinds of GPU task the node holds (bit 0: a sharing task, bit {@code k}: a
 * {@code k}-GPU whole task); GPU clustering uses it.
 */
public final class NodeState {

    /** Tag bit for sharing tasks; whole-GPU tasks with {@code k} GPUs use bit {@code k}. */
    public static final int SHARE_TAG = 1;

    private final String id;
    private final String model;
    private final long cpuLeft;
    private final long memoryLeftMiB;
    private final int[] freeMilli;
    private final int tags;
    private final int freeTotal;
    private final int fullyFree;

    private NodeState(String id, String model, long cpuLeft, long memoryLeftMiB, int[] freeMilli, int tags) {
        this.id = id;
        this.model = model;
        this.cpuLeft = cpuLeft;
        this.memoryLeftMiB = memoryLeftMiB;
        this.freeMilli = freeMilli;
        this.tags = tags;
        int total = 0;
        int full = 0;
        for (int f : freeMilli) {
            total += f;
            if (f == TaskShape.WHOLE) {
                full++;
            }
        }
        this.freeTotal = total;
        this.fullyFree = full;
    }

    /** An empty node with {@code gpus} fully free GPUs of {@code model}. */
    public static NodeState empty(String id, String model, long cpuMilli, long memoryMiB, int gpus) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("node id is required");
        }
        if (cpuMilli < 0 || memoryMiB < 0 || gpus < 0 || gpus > 64) {
            throw new IllegalArgumentException("node " + id + ": cpu, memory must be >= 0 and gpus within 0..64");
        }
        int[] free = new int[gpus];
        Arrays.fill(free, TaskShape.WHOLE);
        return new NodeState(id, model == null ? "" : model, cpuMilli, memoryMiB, free, 0);
    }

    /** A node in an arbitrary state (tests, restored snapshots). */
    public static NodeState of(String id, String model, long cpuLeft, long memoryLeftMiB, int[] freeMilli,
                               int tags) {
        for (int f : freeMilli) {
            if (f < 0 || f > TaskShape.WHOLE) {
                throw new IllegalArgumentException("node " + id + ": free GPU share must be within 0..1000");
            }
        }
        return new NodeState(id, model, cpuLeft, memoryLeftMiB, freeMilli.clone(), tags);
    }

    public String id() {
        return id;
    }

    public String model() {
        return model;
    }

    public long cpuLeft() {
        return cpuLeft;
    }

    public long memoryLeftMiB() {
        return memoryLeftMiB;
    }

    public int gpuCount() {
        return freeMilli.length;
    }

    /** Free share of GPU {@code index} in thousandths. */
    public int free(int index) {
        return freeMilli[index];
    }

    /** A copy of the per-GPU free shares. */
    public int[] freeMilli() {
        return freeMilli.clone();
    }

    /** Sum of the free shares of all GPUs, in milli-GPU ({@code R} in the FGD paper). */
    public int freeTotal() {
        return freeTotal;
    }

    /** GPUs with nothing allocated. */
    public int fullyFreeGpus() {
        return fullyFree;
    }

    public int tags() {
        return tags;
    }

    /**
     * Whether the task fits: CPU and memory left, an allowed model, and for a sharing task one GPU with enough free
     * share, for a whole-GPU task enough fully free GPUs.
     */
    public boolean fits(GpuTask task) {
        return task.memoryMiB() <= memoryLeftMiB && fits(task.shape());
    }

    /** {@link #fits(GpuTask)} without the memory check. */
    public boolean fits(TaskShape shape) {
        if (shape.cpuMilli() > cpuLeft) {
            return false;
        }
        if (shape.isCpuOnly()) {
            return true;
        }
        if (!shape.models().allows(model)) {
            return false;
        }
        if (shape.isWholeGpu()) {
            return fullyFree >= shape.gpuCount();
        }
        for (int f : freeMilli) {
            if (f >= shape.gpuMilli()) {
                return true;
            }
        }
        return false;
    }

    /** The GPU with the smallest free share that still holds {@code milli}, lowest index on ties; -1 if none. */
    public int bestFitGpu(int milli) {
        int best = -1;
        for (int i = 0; i < freeMilli.length; i++) {
            if (freeMilli[i] >= milli && (best < 0 || freeMilli[i] < freeMilli[best])) {
                best = i;
            }
        }
        return best;
    }

    /** The {@code count} lowest-index fully free GPUs (whole-GPU tasks take these under every policy). */
    public int[] lowestFullyFree(int count) {
        int[] chosen = new int[count];
        int n = 0;
        for (int i = 0; i < freeMilli.length && n < count; i++) {
            if (freeMilli[i] == TaskShape.WHOLE) {
                chosen[n++] = i;
            }
        }
        if (n < count) {
            throw new IllegalStateException("node " + id + " has " + n + " fully free GPUs, needs " + count);
        }
        return chosen;
    }

    /**
     * The node after placing {@code task}: CPU and memory subtracted, and {@code gpuMilli} taken from each GPU in
     * {@code gpus} (empty for a CPU-only task).
     */
    public NodeState withPlacement(GpuTask task, int[] gpus) {
        return place(task.shape(), task.memoryMiB(), gpus);
    }

    /** The hypothetical state after placing {@code shape} on {@code gpus}, memory untouched (used in scoring). */
    public NodeState withShape(TaskShape shape, int[] gpus) {
        return place(shape, 0, gpus);
    }

    private NodeState place(TaskShape shape, long memoryMiB, int[] gpus) {
        if (gpus.length != shape.gpuCount()) {
            throw new IllegalArgumentException("task needs " + shape.gpuCount() + " GPUs, got " + gpus.length);
        }
        int[] free = freeMilli.clone();
        for (int g : gpus) {
            if (free[g] < shape.gpuMilli()) {
                throw new IllegalStateException("node " + id + " GPU " + g + " has " + free[g]
                        + " milli free, task needs " + shape.gpuMilli());
            }
            free[g] -= shape.gpuMilli();
        }
        int tag = shape.isCpuOnly() ? 0 : shape.isSharing() ? SHARE_TAG : 1 << Math.min(shape.gpuCount(), 30);
        return new NodeState(id, model, cpuLeft - shape.cpuMilli(), memoryLeftMiB - memoryMiB, free, tags | tag);
    }

    @Override
    public String toString() {
        return id + "[" + model + " cpu=" + cpuLeft + " mem=" + memoryLeftMiB + " free=" + Arrays.toString(freeMilli)
                + "]";
    }
}
