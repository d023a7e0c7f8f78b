package io.computenet.simulator;

import java.util.Locale;

/**
 * What one replay measured.
 *
 * @param tasks             tasks that arrived
 * @param placed            of them, placed
 * @param failed            of them, fitting nowhere
 * @param failedGpuMilli    GPU demand of the failed tasks
 * @param capacityMilli     all GPUs of the cluster, in milli
 * @param arrivedMilli      GPU demand that arrived (placed or not)
 * @param usedMilli         GPU allocated at the end
 * @param idleGpus          GPUs with nothing allocated at the end
 * @param fragmentMilli     the fragmentation measure of the cluster at the end
 * @param seconds           wall time of the placement loop
 * @param p50Nanos          median placement decision time
 * @param p99Nanos          99th percentile placement decision time
 * @param decisionNanos     sum of the placement decision times (the placer alone, without the replay's bookkeeping)
 * @param curve             allocation and fragmentation against arrived load
 */
public record ReplayResult(String policy, int tasks, int placed, int failed, long failedGpuMilli, long capacityMilli,
                           long arrivedMilli, long usedMilli, int idleGpus, double fragmentMilli, double seconds,
                           long p50Nanos, long p99Nanos, long decisionNanos, Curve curve) {

    /** Allocated GPU as a percentage of all GPUs at the end. */
    public double allocatedPct() {
        return 100.0 * usedMilli / capacityMilli;
    }

    /** Unallocated GPUs at the end ({@code (capacity - used) / 1000}), a fractional count. */
    public double unallocatedGpus() {
        return (capacityMilli - usedMilli) / 1000.0;
    }

    public double arrivedPct() {
        return 100.0 * arrivedMilli / capacityMilli;
    }

    public double fragmentPct() {
        return 100.0 * fragmentMilli / capacityMilli;
    }

    /** Placement decisions (placed or failed) per second of the replay loop. */
    public double decisionsPerSecond() {
        return seconds > 0 ? tasks / seconds : 0;
    }

    /** Placement decisions per second of decision time: the placer's own throughput on one core. */
    public double placerDecisionsPerSecond() {
        return decisionNanos > 0 ? tasks * 1e9 / decisionNanos : 0;
    }

    /** The machine-readable last line. */
    public String resultLine(String tasksFile, long seed, double load) {
        return String.format(Locale.ROOT,
                "RESULT policy=%s tasks=%s seed=%d load=%s allocated_gpu_pct=%.2f unallocated_gpus=%d "
                        + "failed_tasks=%d placed_per_s=%.0f",
                policy, tasksFile, seed, formatLoad(load), allocatedPct(), Math.round(unallocatedGpus()), failed,
                decisionsPerSecond());
    }

    static String formatLoad(double load) {
        return java.math.BigDecimal.valueOf(load).stripTrailingZeros().toPlainString();
    }
}
