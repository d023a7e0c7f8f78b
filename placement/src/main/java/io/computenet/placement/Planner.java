package io.computenet.placement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The placement scan: a pure function from a request and a capacity snapshot to a placement or the reasons for
 * rejection, by looking at every node. <b>Kept as the test oracle of the indexed engine</b>, not used in production:
 * every production placement asks a {@link CapacityIndex} (the live one, or one built over a what-if snapshot,
 * {@link CapacityIndex#CapacityIndex(List)}), and {@code CapacityIndexEquivalenceTest},
 * {@code CapacityIndexPolicyEquivalenceTest}, {@code WhatIfEquivalenceTest} and the scheduler's decision tests
 * compare the index's answers with this scan's. It stays in {@code placement/src/main} because the tests of other
 * modules (the scheduler's) use it as their oracle too; the scheduler's {@code ArchitectureTest} checks that no
 * production class but this one depends on it.
 *
 * <p>The candidates and their orders are {@link Ranking}'s, shared with the index: binpack's orders for
 * {@link #plan(PlacementRequest, List)}. With a {@link PolicyChoice} ({@link #plan(PlacementRequest, List,
 * PolicyChoice)}) each cluster's candidates are ranked by that cluster's {@link ClusterPolicy} (tier still first,
 * node id and device key still last), each cluster's best candidate is found that way, and the clusters' best
 * candidates are then compared by the binpack order, so a policy decides where a lease goes within its cluster, and
 * the binpack order which cluster wins. With binpack in every cluster this is exactly the binpack answer (the minimum
 * of the clusters' minima under one order).
 */
public final class Planner {

    private Planner() {
    }

    /** The binpack placement: {@link #plan(PlacementRequest, List, PolicyChoice)} with {@link PolicyChoice#BINPACK}. */
    public static PlacementResult plan(PlacementRequest request, List<NodeCapacity> nodes) {
        if (request.acceptsSlices()) {
            return planSingle(request, nodes);
        }
        Ranking.Candidate best = null;
        Tally tally = new Tally();
        for (NodeCapacity node : nodes) {
            if (tally.skips(node, request)) {
                continue;
            }
            // a cheap count first: most nodes of a large fleet do not fit, and need no list or sort
            int fits = Ranking.countFitting(node, request);
            if (fits < request.deviceCount()) {
                tally.tooShort(node);
                continue;
            }
            int tierPenalty = Ranking.tierPenalty(node.tier(), request);
            if (best != null && tierPenalty > best.tierPenalty()) {
                continue; // cannot beat a candidate in the preferred tier
            }
            Ranking.Candidate candidate = Ranking.candidate(node, request, fits, tierPenalty);
            if (best == null || candidate.compareTo(best) < 0) {
                best = candidate;
            }
        }
        if (best != null) {
            return PlacementResult.placed(new Placement(best.node(), best.devices()));
        }
        return tally.rejected(request, nodes.size());
    }

    /**
     * The placement with each cluster's candidates ranked by its policy (see the class comment); the same
     * feasibility and the same reasons as {@link #plan(PlacementRequest, List)}.
     */
    public static PlacementResult plan(PlacementRequest request, List<NodeCapacity> nodes, PolicyChoice policies) {
        if (policies == null || policies == PolicyChoice.BINPACK) {
            return plan(request, nodes);
        }
        return new PolicyScan(policies).plan(request, nodes);
    }

    /** Counts, while scanning, the nodes left out and why: the material of the reasons for a rejection. */
    private static final class Tally {
        private int unschedulable;
        private int otherRegion;
        private final Map<String, Integer> shortByRegion = new TreeMap<>();

        /** Whether the node is out of the question (another region, or not schedulable); counted. */
        boolean skips(NodeCapacity node, PlacementRequest request) {
            if (request.region() != null && !request.region().equals(node.region())) {
                otherRegion++;
                return true;
            }
            if (!node.schedulable()) {
                unschedulable++;
                return true;
            }
            return false;
        }

        void tooShort(NodeCapacity node) {
            shortByRegion.merge(node.region(), 1, Integer::sum);
        }

        PlacementResult rejected(PlacementRequest request, int total) {
            return PlacementResult.rejected(Ranking.reasons(request, total, unschedulable, otherRegion, shortByRegion));
        }
    }

    private static PlacementResult planSingle(PlacementRequest request, List<NodeCapacity> nodes) {
        Ranking.SliceCandidate best = null;
        Tally tally = new Tally();
        for (NodeCapacity node : nodes) {
            if (tally.skips(node, request)) {
                continue;
            }
            int tierPenalty = Ranking.tierPenalty(node.tier(), request);
            if (best != null && tierPenalty > best.tierPenalty()) {
                continue;
            }
            boolean any = false;
            for (DeviceSlot d : node.devices()) {
                SliceOptions.Option option = Ranking.optionOn(d, request);
                if (option == null) {
                    continue;
                }
                any = true;
                Ranking.SliceCandidate candidate = new Ranking.SliceCandidate(node, d, option, tierPenalty);
                if (best == null || candidate.compareTo(best) < 0) {
                    best = candidate;
                }
            }
            if (!any) {
                tally.tooShort(node);
            }
        }
        if (best != null) {
            return PlacementResult.placed(new Placement(best.node(), List.of(best.device()), best.option().choice()));
        }
        return tally.rejected(request, nodes.size());
    }

    /**
     * One policy-ranked scan: {@link Ranking.Ranker} ranks each node's candidate under its cluster's policy, and each
     * cluster's best candidate so far is kept.
     */
    static final class PolicyScan {
        private final Ranking.Ranker ranker;

        PolicyScan(PolicyChoice choice) {
            this.ranker = new Ranking.Ranker(choice);
        }

        PlacementResult plan(PlacementRequest request, List<NodeCapacity> nodes) {
            return request.acceptsSlices() ? planSingle(request, nodes) : planWhole(request, nodes);
        }

        private PlacementResult planWhole(PlacementRequest request, List<NodeCapacity> nodes) {
            Map<String, Ranking.Ranked<Ranking.Candidate>> best = new HashMap<>();
            int bestTier = Integer.MAX_VALUE;
            Tally tally = new Tally();
            for (NodeCapacity node : nodes) {
                if (tally.skips(node, request)) {
                    continue;
                }
                int fits = Ranking.countFitting(node, request);
                if (fits < request.deviceCount() || ranker.hostShort(node, request)) {
                    tally.tooShort(node);
                    continue;
                }
                int tierPenalty = Ranking.tierPenalty(node.tier(), request);
                if (tierPenalty > bestTier) {
                    continue;
                }
                Ranking.Ranked<Ranking.Candidate> ranked = ranker.rankWhole(node, request, fits, tierPenalty);
                best.merge(Ranking.Ranker.clusterKey(node), ranked,
                        (a, b) -> b.compareTo(a, Ranking.CANDIDATE_ORDER) < 0 ? b : a);
                bestTier = Math.min(bestTier, tierPenalty);
            }
            Ranking.Candidate winner = best.values().stream().map(Ranking.Ranked::candidate)
                    .min(Ranking.CANDIDATE_ORDER).orElse(null);
            if (winner != null) {
                return PlacementResult.placed(new Placement(winner.node(), winner.devices()));
            }
            return tally.rejected(request, nodes.size());
        }

        private PlacementResult planSingle(PlacementRequest request, List<NodeCapacity> nodes) {
            Map<String, Ranking.Ranked<Ranking.SliceCandidate>> best = new HashMap<>();
            int bestTier = Integer.MAX_VALUE;
            Tally tally = new Tally();
            for (NodeCapacity node : nodes) {
                if (tally.skips(node, request)) {
                    continue;
                }
                if (ranker.hostShort(node, request)) {
                    tally.tooShort(node);
                    continue;
                }
                int tierPenalty = Ranking.tierPenalty(node.tier(), request);
                if (tierPenalty > bestTier) {
                    continue;
                }
                Ranking.Ranked<Ranking.SliceCandidate> ranked = ranker.rankSingle(node, request, tierPenalty);
                if (ranked == null) {
                    tally.tooShort(node);
                    continue;
                }
                best.merge(Ranking.Ranker.clusterKey(node), ranked,
                        (a, b) -> b.compareTo(a, Ranking.SLICE_ORDER) < 0 ? b : a);
                bestTier = Math.min(bestTier, tierPenalty);
            }
            Ranking.SliceCandidate winner = best.values().stream().map(Ranking.Ranked::candidate)
                    .min(Ranking.SLICE_ORDER).orElse(null);
            if (winner != null) {
                return PlacementResult.placed(new Placement(winner.node(), List.of(winner.device()),
                        winner.option().choice()));
            }
            return tally.rejected(request, nodes.size());
        }
    }
}
