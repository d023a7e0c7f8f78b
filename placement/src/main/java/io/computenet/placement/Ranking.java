package io.computenet.placement;

import io.computenet.placement.policy.FragmentationGradientDescent;
import io.computenet.placement.policy.ModelConstraint;
import io.computenet.placement.policy.TaskShape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The placement order, shared by the indexed engine ({@link CapacityIndex}, {@link PolicyClasses}) and the scan kept
 * as its test oracle ({@link Planner}): what a node or device offers a request (the candidates), the orders they rank
 * in under binpack and under each cluster's policy ({@link Ranker}), and the reasons for a rejection in words. The
 * engines differ only in which nodes and devices they ask; every answer is built from these pieces, so the two cannot
 * drift apart in how they weigh a candidate.
 *
 * <ul>
 *   <li>Multi-device leases (and {@link Sharing#WHOLE}) take whole devices, all on one node; among fitting nodes
 *   binpack prefers the workload's region tier, then the least wasted memory (best fit, which keeps big devices free
 *   for big requests), then the node id for determinism.</li>
 *   <li>A single-device lease that accepts slices gets, on each candidate device, the cheapest thing that serves it
 *   ({@link SliceOptions}): the smallest fitting MIG profile or vNPU template, an sMLU or soft share, or the whole
 *   device. Across devices binpack prefers the region tier, then a device that already holds slices (packing keeps
 *   empty devices whole for whole-device leases), then the least waste (memory paid for and not asked for), then
 *   hardware isolation over shares, then node id and device key.</li>
 * </ul>
 */
final class Ranking {

    private static final long MIB_PER_GIB = 1024;
    private static final Comparator<DeviceSlot> BY_MEMORY_THEN_KEY =
            Comparator.comparingLong(DeviceSlot::memoryMiB).thenComparing(DeviceSlot::deviceKey);
    /** Whole-device candidates: preferred tier, then least wasted memory, then node id. */
    static final Comparator<Candidate> CANDIDATE_KEYS = Comparator.comparingInt(Candidate::tierPenalty)
            .thenComparingLong(Candidate::wasteMiB);
    static final Comparator<Candidate> CANDIDATE_ORDER = CANDIDATE_KEYS.thenComparing(c -> c.node.nodeId());

    private Ranking() {
    }

    /** 0 for a node in the request's preferred region tier, 1 otherwise. */
    static int tierPenalty(RegionTier tier, PlacementRequest request) {
        return tier == request.workloadClass().preferredTier() ? 0 : 1;
    }

    /** How many of the node's devices a whole-device request could take: free, accepted, with the memory. */
    static int countFitting(NodeCapacity node, PlacementRequest request) {
        int fits = 0;
        for (DeviceSlot d : node.devices()) {
            if (fitsDevice(d, request)) {
                fits++;
            }
        }
        return fits;
    }

    /** The node as a whole-device candidate, given that {@code fits >= deviceCount} of its devices fit. */
    static Candidate candidate(NodeCapacity node, PlacementRequest request, int fits, int tierPenalty) {
        List<DeviceSlot> fitting = new ArrayList<>(fits);
        for (DeviceSlot d : node.devices()) {
            if (fitsDevice(d, request)) {
                fitting.add(d);
            }
        }
        fitting.sort(BY_MEMORY_THEN_KEY);
        List<DeviceSlot> chosen = bestFitGroup(fitting, request.deviceCount());
        long waste = 0;
        for (DeviceSlot d : chosen) {
            waste += d.memoryMiB() - request.memoryMiBPerDevice();
        }
        return new Candidate(node, chosen, tierPenalty, waste);
    }

    private static boolean oneModel(List<DeviceSlot> devices) {
        DeviceSlot first = devices.get(0);
        for (DeviceSlot d : devices) {
            if (d.vendor() != first.vendor() || !d.model().equals(first.model())) {
                return false;
            }
        }
        return true;
    }

    /** What a single-device request would get on this device (null: nothing), as the planner weighs it. */
    static SliceOptions.Option optionOn(DeviceSlot d, PlacementRequest request) {
        return d.available() && request.accepts(d.vendor(), d.model()) ? SliceOptions.best(d, request) : null;
    }

    /** Whether this device can be one of a whole-device request's devices. */
    static boolean fitsDevice(DeviceSlot d, PlacementRequest request) {
        return d.free() && d.memoryMiB() >= request.memoryMiBPerDevice() && request.accepts(d.vendor(), d.model());
    }

    /** The devices with the least memory that still fit, but all of one model so a multi-device lease is uniform. */
    private static List<DeviceSlot> bestFitGroup(List<DeviceSlot> fittingSorted, int count) {
        if (oneModel(fittingSorted)) { // the usual node: one model throughout, no grouping needed
            return List.copyOf(fittingSorted.subList(0, count));
        }
        Map<String, List<DeviceSlot>> byModel = new TreeMap<>();
        for (DeviceSlot d : fittingSorted) {
            byModel.computeIfAbsent(d.vendor() + "/" + d.model(), k -> new ArrayList<>()).add(d);
        }
        List<DeviceSlot> best = null;
        long bestMemory = Long.MAX_VALUE;
        for (List<DeviceSlot> group : byModel.values()) {
            if (group.size() >= count) {
                List<DeviceSlot> pick = group.subList(0, count);
                long memory = pick.stream().mapToLong(DeviceSlot::memoryMiB).sum();
                if (memory < bestMemory) {
                    best = pick;
                    bestMemory = memory;
                }
            }
        }
        // mixed models on one node: fall back to the smallest fitting devices
        return best != null ? List.copyOf(best) : List.copyOf(fittingSorted.subList(0, count));
    }

    /** Why nothing was placed, from the counts of one pass over the snapshot. */
    static List<String> reasons(PlacementRequest r, int total, int unschedulable, int otherRegion,
                                Map<String, Integer> shortByRegion) {
        List<String> reasons = new ArrayList<>();
        String need = need(r);
        if (total == 0) {
            reasons.add("no nodes are enrolled");
            return reasons;
        }
        if (r.region() != null && otherRegion == total) {
            reasons.add("no nodes in region " + r.region());
            return reasons;
        }
        shortByRegion.forEach((region, count) -> reasons.add(
                "region " + region + ": none of " + count + " node(s) has " + need));
        if (r.hostMemoryMiB() != null && !shortByRegion.isEmpty()) {
            // a condition of the FGD policies only (hostMemoryFits): said apart, so the sentences above stay the same
            reasons.add(hostMemoryNeed(r.hostMemoryMiB()));
        }
        if (unschedulable > 0) {
            reasons.add(unschedulable + " node(s) are draining, unhealthy or silent");
        }
        return reasons;
    }

    /**
     * The host memory a request names, as a reason: under the FGD placement policies (the default among them) a node
     * with less host memory left is no candidate, e.g. "each node also needs >= 512 GiB of host memory left (under the
     * FGD placement policies)".
     */
    static String hostMemoryNeed(long hostMemoryMiB) {
        return "each node also needs >= " + formatGiB(hostMemoryMiB)
                + " GiB of host memory left (under the FGD placement policies)";
    }

    /** What the request needs, in words, e.g. "1 free NVIDIA H100 80GB HBM3 device with >= 40 GiB or a slice". */
    static String need(PlacementRequest r) {
        String what = (r.vendor() == null ? "" : r.vendor() + " ") + (r.model() == null ? "" : r.model() + " ")
                + (r.framework() == null ? "" : r.framework().displayName() + "-capable ");
        if (!r.acceptsSlices()) {
            return r.deviceCount() + " free " + what + "device(s) with >= " + formatGiB(r.memoryMiBPerDevice())
                    + " GiB on one node";
        }
        String slice = r.sliceProfile() != null ? "a free " + r.sliceProfile() + " slot"
                : r.sharing() == Sharing.ISOLATED ? "room for >= " + formatGiB(r.memoryMiBPerDevice())
                + " GiB whole or as a MIG/vNPU slice" : "room for >= " + formatGiB(r.memoryMiBPerDevice())
                + " GiB whole or as a slice";
        return "a " + what + "device with " + slice + (r.computePct() == null ? "" : " and " + r.computePct()
                + " % compute");
    }

    static String formatGiB(long mib) {
        return mib % MIB_PER_GIB == 0 ? String.valueOf(mib / MIB_PER_GIB)
                : java.math.BigDecimal.valueOf(mib).divide(java.math.BigDecimal.valueOf(MIB_PER_GIB), 2,
                java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /**
     * The ranking of one policy-ranked planning call: the clusters' policies (looked up once per cluster) and a fresh
     * FGD policy object per cluster policy (their measures cache and are not thread-safe). A candidate's rank within
     * its cluster is (tier, {@code k1}, {@code k2}, then the binpack order), where the policy sets the two keys (lower
     * wins): binpack none; spread {@code k1} = minus the node's free accelerator memory for whole devices, or (device
     * holds slices, minus the node's free memory) for a slice; FGD minus the score of the placement
     * ({@link io.computenet.placement.policy.FragmentationGradientDescent#scoreOn}).
     */
    static final class Ranker {
        private final PolicyChoice choice;
        private final Map<String, ClusterPolicy> byCluster = new HashMap<>();
        private final Map<ClusterPolicy, FragmentationGradientDescent> fgd = new IdentityHashMap<>();

        Ranker(PolicyChoice choice) {
            this.choice = choice;
        }

        static String clusterKey(NodeCapacity node) {
            return node.cluster() == null ? "" : node.cluster();
        }

        ClusterPolicy policyOf(NodeCapacity node) {
            return policyOf(node.cluster());
        }

        /** The policy of {@code cluster} (null: the default), looked up once per cluster. */
        ClusterPolicy policyOf(String cluster) {
            ClusterPolicy p = byCluster.get(cluster);
            if (p == null) {
                p = java.util.Objects.requireNonNull(choice.forCluster(cluster),
                        () -> "no placement policy for cluster " + cluster);
                byCluster.put(cluster, p);
            }
            return p;
        }

        FragmentationGradientDescent fgdOf(ClusterPolicy p) {
            return fgd.computeIfAbsent(p, ClusterPolicy::fgd);
        }


        /**
         * The node's best candidate for the request with its rank keys under its cluster's policy, or null when
         * nothing on it fits. Depends on the node's id only in the last tie-break, and on its device keys only
         * through their order: what lets {@link PolicyClasses} rank a class of equal nodes once.
         */
        Ranked<?> rankOn(NodeCapacity node, PlacementRequest request) {
            if (hostShort(node, request)) {
                return null;
            }
            int tierPenalty = tierPenalty(node.tier(), request);
            if (request.acceptsSlices()) {
                return rankSingle(node, request, tierPenalty);
            }
            int fits = countFitting(node, request);
            return fits < request.deviceCount() ? null : rankWhole(node, request, fits, tierPenalty);
        }

        /**
         * Whether the node's cluster ranks by FGD and the node has less host memory left than the request names: FGD
         * does not place there (the replay's feasibility, {@code NodeState.fits}); binpack and spread ignore it.
         */
        boolean hostShort(NodeCapacity node, PlacementRequest request) {
            return !request.hostMemoryFits(node.host()) && policyOf(node).kind() == ClusterPolicy.Kind.FGD;
        }

        /** The node as a whole-device candidate, given that enough of its devices fit, with its rank keys. */
        Ranked<Candidate> rankWhole(NodeCapacity node, PlacementRequest request, int fits, int tierPenalty) {
            Candidate candidate = candidate(node, request, fits, tierPenalty);
            ClusterPolicy policy = policyOf(node);
            long k1 = switch (policy.kind()) {
                case BINPACK -> 0;
                case SPREAD -> -freeMemoryMiB(node);
                case FGD -> -wholeScore(policy, node, candidate, request);
            };
            return new Ranked<>(candidate, tierPenalty, k1, 0, policy.kind() == ClusterPolicy.Kind.FGD);
        }

        /** The node's best slice candidate with its rank keys; null when no device offers anything. */
        Ranked<SliceCandidate> rankSingle(NodeCapacity node, PlacementRequest request, int tierPenalty) {
            Ranked<SliceCandidate> best = null;
            ClusterPolicy policy = null;
            long nodeFree = -1;
            FgdScores scores = null;
            for (DeviceSlot d : node.devices()) {
                SliceOptions.Option option = optionOn(d, request);
                if (option == null) {
                    continue;
                }
                policy = policy != null ? policy : policyOf(node);
                long k1 = 0;
                long k2 = 0;
                switch (policy.kind()) {
                    case BINPACK -> { }
                    case SPREAD -> {
                        nodeFree = nodeFree >= 0 ? nodeFree : freeMemoryMiB(node);
                        k1 = d.slices() == null || d.slices().isEmpty() ? 0 : 1;
                        k2 = -nodeFree;
                    }
                    case FGD -> {
                        if (scores == null || !PolicyNodes.sameModel(d, scores.like)) {
                            scores = new FgdScores(fgdOf(policy), node, d, request);
                        }
                        k1 = -scores.of(d, option);
                    }
                }
                Ranked<SliceCandidate> ranked = new Ranked<>(new SliceCandidate(node, d, option, tierPenalty),
                        tierPenalty, k1, k2, policy.kind() == ClusterPolicy.Kind.FGD);
                if (best == null || ranked.compareTo(best, SLICE_ORDER) < 0) {
                    best = ranked;
                }
            }
            return best;
        }

        /** FGD's score of taking the candidate's devices whole. */
        private int wholeScore(ClusterPolicy policy, NodeCapacity node, Candidate c, PlacementRequest request) {
            DeviceSlot like = c.devices.get(0);
            boolean oneModel = true;
            for (DeviceSlot d : c.devices) {
                oneModel &= PolicyNodes.sameModel(d, like);
            }
            PolicyNodes.View view = PolicyNodes.view(node, like, !oneModel);
            TaskShape shape = new TaskShape(cpuOn(view.state(), request, request.deviceCount(), null),
                    TaskShape.WHOLE, request.deviceCount(), ModelConstraint.ANY);
            return fgdOf(policy).scoreOn(view.state(), shape, view.gpus(c.devices, node));
        }

    }

    /**
     * FGD's scores of slice options on one node's devices of one model: a share of {@code ceil(share x 1000)} milli
     * on that device. The measure is symmetric in the GPUs, so equal free shares and equal shares score alike and are
     * scored once.
     */
    private static final class FgdScores {
        private final FragmentationGradientDescent fgd;
        private final NodeCapacity node;
        private final DeviceSlot like;
        private final PolicyNodes.View view;
        private final PlacementRequest request;
        private final Map<Long, Integer> seen = new HashMap<>();

        FgdScores(FragmentationGradientDescent fgd, NodeCapacity node, DeviceSlot like, PlacementRequest request) {
            this.fgd = fgd;
            this.node = node;
            this.like = like;
            this.request = request;
            this.view = PolicyNodes.view(node, like, false);
        }

        int of(DeviceSlot d, SliceOptions.Option option) {
            int gpu = view.gpus(List.of(d), node)[0];
            int free = view.state().free(gpu);
            // the slice arithmetic may fit what the free-share view rounds below the share: it takes the rest
            int milli = Math.min(ClusterPolicy.milli(option.choice().share()), free);
            if (milli <= 0) {
                return -1; // nothing left in the view: below every real score
            }
            return seen.computeIfAbsent(((long) free << 32) | milli, k -> fgd.scoreOn(view.state(),
                    new TaskShape(cpuOn(view.state(), request, 1, option.choice().share()), milli, 1,
                            ModelConstraint.ANY), new int[] {gpu}));
        }
    }

    /**
     * The host CPU a placement takes on a node as FGD weighs it: the request's ({@link ClusterPolicy#hostCpuMilli}),
     * but no more than the node has left (host CPU is weighed, never a reason to refuse a node).
     */
    static long cpuOn(io.computenet.placement.policy.NodeState node, PlacementRequest request, int devices,
                      java.math.BigDecimal share) {
        return Math.min(node.cpuLeft(), ClusterPolicy.hostCpuMilli(request.cpuCount(), devices, share));
    }

    /** Free accelerator memory of a node: free devices whole, what devices with slices can still hand out. */
    static long freeMemoryMiB(NodeCapacity node) {
        long sum = 0;
        for (DeviceSlot d : node.devices()) {
            if (d.free()) {
                sum += d.memoryMiB();
            } else if (d.slices() != null) {
                sum += d.slices().freeMemoryMiB();
            }
        }
        return sum;
    }

    /**
     * A candidate with its rank keys within its cluster (see {@link Ranker}). With {@code byRank} (FGD) equal keys
     * go to the lowest node id, then the device that comes first on the node: FGD's own tie-break (the artifact's
     * node rank, then the lowest GPU index), so that the live placement makes the trace replay's decisions; otherwise
     * the binpack order decides.
     */
    record Ranked<C>(C candidate, int tierPenalty, long k1, long k2, boolean byRank) {
        /** Tier and the policy's keys only. */
        int compareKeys(Ranked<?> o) {
            int c = Integer.compare(tierPenalty, o.tierPenalty);
            if (c == 0) {
                c = Long.compare(k1, o.k1);
            }
            return c != 0 ? c : Long.compare(k2, o.k2);
        }

        int compareTo(Ranked<C> o, Comparator<? super C> then) {
            int c = compareKeys(o);
            if (c != 0) {
                return c;
            }
            if (!byRank) {
                return then.compare(candidate, o.candidate);
            }
            c = nodeOf(candidate).nodeId().compareTo(nodeOf(o.candidate).nodeId());
            return c != 0 ? c : Integer.compare(position(candidate), position(o.candidate));
        }

        private static NodeCapacity nodeOf(Object c) {
            return c instanceof Candidate w ? w.node() : ((SliceCandidate) c).node();
        }

        /** The candidate's (first) device's position on its node. */
        private static int position(Object c) {
            NodeCapacity node = nodeOf(c);
            String key = c instanceof Candidate w ? w.devices().get(0).deviceKey()
                    : ((SliceCandidate) c).device().deviceKey();
            List<DeviceSlot> devices = node.devices();
            for (int i = 0; i < devices.size(); i++) {
                if (devices.get(i).deviceKey().equals(key)) {
                    return i;
                }
            }
            return devices.size();
        }
    }

    /**
     * Single-device candidates: preferred tier, then a device that already holds slices, then least waste, then
     * isolation, then node id and device key.
     */
    static final Comparator<SliceCandidate> SLICE_KEYS = Comparator
            .comparingInt(SliceCandidate::tierPenalty)
            .thenComparing(c -> c.device.slices() == null || c.device.slices().isEmpty())
            .thenComparingLong(c -> c.option.wasteMiB())
            .thenComparingInt(c -> c.option.isolationRank());
    /** {@link #SLICE_KEYS}, then node id and device key. */
    static final Comparator<SliceCandidate> SLICE_ORDER = SLICE_KEYS
            .thenComparing(c -> c.node.nodeId())
            .thenComparing(c -> c.device.deviceKey());

    record SliceCandidate(NodeCapacity node, DeviceSlot device, SliceOptions.Option option, int tierPenalty)
            implements Comparable<SliceCandidate> {
        @Override
        public int compareTo(SliceCandidate o) {
            return SLICE_ORDER.compare(this, o);
        }
    }

    record Candidate(NodeCapacity node, List<DeviceSlot> devices, int tierPenalty, long wasteMiB)
            implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate o) {
            return CANDIDATE_ORDER.compare(this, o);
        }
    }
}
