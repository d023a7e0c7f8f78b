package io.computenet.simulator;

import io.computenet.placement.policy.Fragmentation;
import io.computenet.placement.policy.GpuTask;
import io.computenet.placement.policy.NodeState;
import io.computenet.placement.policy.PlacementPolicy;
import io.computenet.placement.policy.PolicyPlacer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One replay: tasks arrive one at a time and are placed by {@link PolicyPlacer} (the placement core) with the given
 * policy; nothing departs, a task that fits nowhere is counted failed and the replay goes on. After every task the
 * arrived and allocated GPU (milli) and the cluster's fragmentation are logged into per-percent columns of arrived
 * load.
 */
public final class Replay {

    private Replay() {
    }

    /**
     * @param nodesInRankOrder the cluster, in the tie-break order
     * @param arrivals         the tasks in arrival order
     * @param measure          the fragmentation measure reported (the same for every policy)
     */
    public static ReplayResult run(List<NodeState> nodesInRankOrder, List<GpuTask> arrivals, PlacementPolicy policy,
                                   Fragmentation measure) {
        return run(nodesInRankOrder, arrivals, policy, measure, false);
    }

    /** As above; {@code scan}: decide with {@link PolicyPlacer#scanning} (the reference) instead of the index. */
    public static ReplayResult run(List<NodeState> nodesInRankOrder, List<GpuTask> arrivals, PlacementPolicy policy,
                                   Fragmentation measure, boolean scan) {
        PolicyPlacer placer = scan ? PolicyPlacer.scanning(nodesInRankOrder, policy)
                : new PolicyPlacer(nodesInRankOrder, policy);
        long capacity = placer.totals().gpuCapacityMilli();
        if (capacity == 0) {
            throw new IllegalArgumentException("the cluster has no GPUs");
        }
        double[] nodeFragment = new double[placer.size()];
        double fragment = 0;
        for (int i = 0; i < placer.size(); i++) {
            nodeFragment[i] = measure.of(placer.node(i));
            fragment += nodeFragment[i];
        }
        CurveBuilder curve = new CurveBuilder(capacity);
        long[] latencies = new long[arrivals.size()];
        long arrived = 0;
        long used = 0;
        int failed = 0;
        long failedMilli = 0;
        long start = System.nanoTime();
        for (int k = 0; k < arrivals.size(); k++) {
            GpuTask task = arrivals.get(k);
            long t0 = System.nanoTime();
            Optional<PolicyPlacer.Decision> decision = placer.place(task);
            latencies[k] = System.nanoTime() - t0;
            long demand = task.shape().gpuDemandMilli();
            arrived += demand;
            if (decision.isPresent()) {
                used += demand;
                int n = decision.get().node();
                double after = measure.of(placer.node(n));
                fragment += after - nodeFragment[n];
                nodeFragment[n] = after;
            } else {
                failed++;
                failedMilli += demand;
            }
            curve.log(arrived, used, fragment);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PolicyPlacer.Totals totals = placer.totals();
        long decisionNanos = 0;
        for (long l : latencies) {
            decisionNanos += l;
        }
        Arrays.sort(latencies);
        return new ReplayResult(policy.name(), arrivals.size(), arrivals.size() - failed, failed, failedMilli,
                capacity, arrived, used, totals.idleGpus(), fragment, seconds,
                percentile(latencies, 0.50), percentile(latencies, 0.99), decisionNanos, curve.build());
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
