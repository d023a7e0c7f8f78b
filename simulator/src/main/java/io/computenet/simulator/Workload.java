package io.computenet.simulator;

import io.computenet.placement.policy.GpuTask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Builds the arrival sequence of one replay, as in the FGD paper's main experiment: the trace's tasks sorted by
 * name, shuffled with the seeded RNG, then tuned so that the requested GPU totals {@code load × capacity}.
 */
public final class Workload {

    private Workload() {
    }

    /** The trace rows sorted by name: the order the typical-task mix and the shuffle start from. */
    public static List<GpuTask> byName(List<GpuTask> tasks) {
        List<GpuTask> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparing(GpuTask::name));
        return sorted;
    }

    /** Sum of {@code num_gpu × gpu_milli}. */
    public static long gpuDemand(List<GpuTask> tasks) {
        long sum = 0;
        for (GpuTask t : tasks) {
            sum += t.shape().gpuDemandMilli();
        }
        return sum;
    }

    /** A uniformly random order of {@code original} (which stays untouched). */
    public static List<GpuTask> shuffled(List<GpuTask> original, Random random) {
        List<GpuTask> list = new ArrayList<>(original);
        Collections.shuffle(list, random);
        return list;
    }

    /**
     * Tunes {@code shuffled} to a GPU demand of {@code target} milli.
     * <ul>
     *   <li>Too little: draw a task uniformly (with replacement) from {@code original}; stop if the running total
     *       plus the draw's per-GPU share would pass the target (the artifact tests {@code gpu_milli}, not the
     *       task's whole demand; CPU-only draws never stop the loop), else append a copy and draw again.</li>
     *   <li>Too much: remove uniformly random entries until the total is at most the target.</li>
     * </ul>
     */
    public static List<GpuTask> tune(List<GpuTask> shuffled, List<GpuTask> original, long target, Random random) {
        List<GpuTask> list = new ArrayList<>(shuffled);
        long sum = gpuDemand(list);
        if (sum < target) {
            if (original.isEmpty()) {
                return list;
            }
            while (true) {
                GpuTask t = original.get(random.nextInt(original.size()));
                if (sum + t.shape().gpuMilli() > target) {
                    break;
                }
                list.add(t);
                sum += t.shape().gpuDemandMilli();
                if (t.shape().gpuDemandMilli() == 0 && list.size() > 100 * (original.size() + 1)) {
                    break; // a trace of CPU-only tasks would never reach a GPU target
                }
            }
        } else {
            while (sum > target && !list.isEmpty()) {
                GpuTask removed = list.remove(random.nextInt(list.size()));
                sum -= removed.shape().gpuDemandMilli();
            }
        }
        return list;
    }
}
