package io.computenet.placement;

import io.computenet.placement.policy.NodeState;
import io.computenet.placement.slices.DeviceMode;
import io.computenet.placement.slices.DeviceState;

import java.util.List;
import java.util.Locale;

/**
 * A capacity-snapshot node as the simulator's policies see it ({@link NodeState}), so that the placement engine's
 * ranking ({@link Ranking.Ranker}) can ask them to score its candidates.
 * <ul>
 *   <li>GPUs: the node's devices of one model (the candidate's vendor and model; nodes are usually of one model
 *   throughout), in snapshot order. Model: the device model in lower case, as {@link ClusterPolicy#leaseShape}
 *   writes model constraints.</li>
 *   <li>Free share of each device in thousandths ({@link #freeMilli}): 1000 for a free device, 0 for one held
 *   whole (or unhealthy, or not sliceable and taken), and for a device holding slices
 *   {@code floor(1000 x min(free memory fraction, free compute fraction))} from the slice arithmetic's
 *   {@link DeviceState#free()} (memory as a fraction of the device's, of the chip's template memory for vNPU). That
 *   is {@code 1000 − used share x 1000} for shares, and counts what no slice of the device's mode can use any
 *   more (MIG memory slots no profile fits, a full instance table) as taken: it is fragment FGD cannot fill.</li>
 *   <li>Host CPU and memory: what the node has left ({@link NodeCapacity#host()}: its agent's report less the
 *   leases' asks). A node whose agent reports none gets {@link #HOST_CPU_MILLI} and {@link #HOST_MEMORY_MIB}: never
 *   short, where {@code fgd-cpu-aware}'s measure equals {@code fgd}'s. A node of several models shares its host among
 *   the views of its models as it is (each view sees all of it).</li>
 * </ul>
 */
final class PolicyNodes {

    /** Host CPU every node is given: effectively unlimited (2^40 milli-cores). */
    static final long HOST_CPU_MILLI = 1L << 40;
    /** Host memory every node is given: effectively unlimited. */
    static final long HOST_MEMORY_MIB = 1L << 40;

    private PolicyNodes() {
    }

    /** The model as policy node states and lease shapes carry it: lower case. */
    static String modelKey(String model) {
        return model == null ? "" : model.trim().toLowerCase(Locale.ROOT);
    }

    /** A device's free share in thousandths (see the class comment). */
    static int freeMilli(DeviceSlot d) {
        if (d.free()) {
            return 1000;
        }
        DeviceState s = d.slices();
        if (s == null) {
            return 0;
        }
        long base = s.mode() == DeviceMode.VNPU ? s.shape().templateMemoryMiB() : s.memoryMiB();
        double memory = base <= 0 ? 0 : Math.min(1.0, s.freeMemoryMiB() / (double) base);
        double fraction = Math.min(memory, s.freeComputeFraction());
        return (int) Math.max(0, Math.min(1000, Math.floor(fraction * 1000 + 1e-9)));
    }

    /**
     * A node's devices of one model as a policy node state.
     *
     * @param state the node state
     * @param gpu   for each device of the node, its GPU index in {@code state}, or -1 when of another model
     */
    record View(NodeState state, int[] gpu) {

        /** The GPU indexes of {@code chosen}, devices of {@code node} (all within this view). */
        int[] gpus(List<DeviceSlot> chosen, NodeCapacity node) {
            int[] out = new int[chosen.size()];
            List<DeviceSlot> all = node.devices();
            for (int k = 0; k < out.length; k++) {
                String key = chosen.get(k).deviceKey();
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).deviceKey().equals(key)) {
                        out[k] = gpu[i];
                    }
                }
            }
            return out;
        }
    }

    /**
     * The node's devices of {@code like}'s vendor and model; with {@code allModels}, every device of the node (for a
     * whole-device placement that had to mix models).
     */
    static View view(NodeCapacity node, DeviceSlot like, boolean allModels) {
        List<DeviceSlot> devices = node.devices();
        int[] gpu = new int[devices.size()];
        int n = 0;
        for (int i = 0; i < gpu.length; i++) {
            DeviceSlot d = devices.get(i);
            gpu[i] = allModels || sameModel(d, like) ? n++ : -1;
        }
        int[] free = new int[n];
        for (int i = 0; i < gpu.length; i++) {
            if (gpu[i] >= 0) {
                free[gpu[i]] = freeMilli(devices.get(i));
            }
        }
        NodeCapacity.Host host = node.host();
        return new View(NodeState.of(node.nodeId(), modelKey(like.model()),
                host == null ? HOST_CPU_MILLI : host.cpuMilli(), host == null ? HOST_MEMORY_MIB : host.memoryMiB(),
                free, 0), gpu);
    }

    static boolean sameModel(DeviceSlot a, DeviceSlot b) {
        return a.vendor() == b.vendor() && a.model().equals(b.model());
    }
}
