package io.computenet.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The placement core: a pure function from a request and a capacity snapshot to a placement or the reasons for
 * rejection. Whole devices, all on one node; among fitting nodes it prefers the workload's region tier, then the
 * least wasted memory (best fit, which keeps big devices free for big requests), then the node id for determinism.
 */
public final class Planner {

    private static final long MIB_PER_GIB = 1024;
    private static final Comparator<DeviceSlot> BY_MEMORY_THEN_KEY =
            Comparator.comparingLong(DeviceSlot::memoryMiB).thenComparing(DeviceSlot::deviceKey);
    private static final Comparator<Candidate> CANDIDATE_ORDER = Comparator.comparingInt(Candidate::tierPenalty)
            .thenComparingLong(Candidate::wasteMiB).thenComparing(c -> c.node.nodeId());

    private Planner() {
    }

    public static PlacementResult plan(PlacementRequest request, List<NodeCapacity> nodes) {
        Candidate best = null;
        int unschedulable = 0;
        int otherRegion = 0;
        Map<String, Integer> shortByRegion = new TreeMap<>();
        for (NodeCapacity node : nodes) {
            if (request.region() != null && !request.region().equals(node.region())) {
                otherRegion++;
                continue;
            }
            if (!node.schedulable()) {
                unschedulable++;
                continue;
            }
            // a cheap count first: most nodes of a large fleet do not fit, and need no list or sort
            int fits = 0;
            for (DeviceSlot d : node.devices()) {
                if (fitsDevice(d, request)) {
                    fits++;
                }
            }
            if (fits < request.deviceCount()) {
                shortByRegion.merge(node.region(), 1, Integer::sum);
                continue;
            }
            int tierPenalty = node.tier() == request.workloadClass().preferredTier() ? 0 : 1;
            if (best != null && tierPenalty > best.tierPenalty) {
                continue; // cannot beat a candidate in the preferred tier
            }
            List<DeviceSlot> fitting = new ArrayList<>(fits);
            for (DeviceSlot d : node.devices()) {
                if (fitsDevice(d, request)) {
                    fitting.add(d);
                }
            }
            fitting.sort(BY_MEMORY_THEN_KEY);
            List<DeviceSlot> chosen = bestFitGroup(fitting, request.deviceCount());
            Candidate candidate = new Candidate(node, chosen, tierPenalty,
                    chosen.stream().mapToLong(d -> d.memoryMiB() - request.memoryMiBPerDevice()).sum());
            if (best == null || candidate.compareTo(best) < 0) {
                best = candidate;
            }
        }
        if (best != null) {
            return PlacementResult.placed(new Placement(best.node, best.devices));
        }
        return PlacementResult.rejected(reasons(request, nodes.size(), unschedulable, otherRegion, shortByRegion));
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

    private static boolean fitsDevice(DeviceSlot d, PlacementRequest request) {
        return d.free() && d.memoryMiB() >= request.memoryMiBPerDevice()
                && (request.vendor() == null || request.vendor() == d.vendor());
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

    private static List<String> reasons(PlacementRequest r, int total, int unschedulable, int otherRegion,
                                        Map<String, Integer> shortByRegion) {
        List<String> reasons = new ArrayList<>();
        String need = r.deviceCount() + " free " + (r.vendor() == null ? "" : r.vendor() + " ")
                + "device(s) with >= " + formatGiB(r.memoryMiBPerDevice()) + " GiB on one node";
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
        if (unschedulable > 0) {
            reasons.add(unschedulable + " node(s) are draining, unhealthy or silent");
        }
        return reasons;
    }

    private static String formatGiB(long mib) {
        return mib % MIB_PER_GIB == 0 ? String.valueOf(mib / MIB_PER_GIB)
                : java.math.BigDecimal.valueOf(mib).divide(java.math.BigDecimal.valueOf(MIB_PER_GIB), 2,
                java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private record Candidate(NodeCapacity node, List<DeviceSlot> devices, int tierPenalty, long wasteMiB)
            implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate o) {
            return CANDIDATE_ORDER.compare(this, o);
        }
    }
}
