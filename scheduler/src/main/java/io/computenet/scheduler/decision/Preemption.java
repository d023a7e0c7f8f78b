package io.computenet.scheduler.decision;

import io.computenet.placement.CapacityIndex;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PlacementResult;
import io.computenet.placement.PolicyChoice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which interruptible leases an on-demand request may preempt to fit, purely. Only interruptible leases at the
 * request's priority or below are candidates; the lowest priority goes first, and among equals the most recently
 * started (the least work lost). Candidates are freed one at a time until the planner places the request; then only
 * the leases whose devices the placement actually uses are preempted. A slice lease frees its slice (a MIG profile's
 * slots, a share): enough for another slice, and for a whole-device lease once its device holds no other slice.
 */
public final class Preemption {

    /**
     * A running (or starting) interruptible lease and the devices it holds.
     *
     * @param slice whether it holds a slice of its (one) device rather than whole devices: preempting it frees only
     *              its slice, and the device is whole again only when no other slice is left on it
     */
    public record Victim(String leaseId, String nodeId, List<String> deviceKeys, int priority, Instant startedAt,
                         boolean slice) {

        /** A lease of whole devices. */
        public Victim(String leaseId, String nodeId, List<String> deviceKeys, int priority, Instant startedAt) {
            this(leaseId, nodeId, deviceKeys, priority, startedAt, false);
        }
    }

    /** Preempt these, then place the request there. */
    public record Plan(Placement placement, List<Victim> victims) {
    }

    private Preemption() {
    }

    /** {@link #plan(PlacementRequest, int, List, List, PolicyChoice)} with binpack everywhere. */
    public static Optional<Plan> plan(PlacementRequest request, int priority, List<NodeCapacity> snapshot,
                                      List<Victim> candidates) {
        return plan(request, priority, snapshot, candidates, PolicyChoice.BINPACK);
    }

    /**
     * The victims to preempt and the placement after them; the placement is the planner's under each cluster's
     * {@code policies}, as for a request that fits without preemption.
     */
    public static Optional<Plan> plan(PlacementRequest request, int priority, List<NodeCapacity> snapshot,
                                      List<Victim> candidates, PolicyChoice policies) {
        List<Victim> order = candidates.stream().filter(v -> v.priority() <= priority)
                .sorted(Comparator.comparingInt(Victim::priority)
                        .thenComparing(Victim::startedAt, Comparator.nullsFirst(Comparator.reverseOrder()))
                        .thenComparing(Victim::leaseId))
                .toList();
        List<Victim> freed = new ArrayList<>();
        // one index over the snapshot, each victim's devices freed in it in turn: the placement engine's own
        // answer after each step, without a new snapshot per victim
        CapacityIndex current = order.isEmpty() ? null : new CapacityIndex(snapshot);
        for (Victim v : order) {
            freed.add(v);
            Optional<NodeCapacity> node = current.node(v.nodeId());
            if (node.isPresent()) {
                List<NodeCapacity> one = List.of(node.get());
                current.putNode((v.slice() ? NodeCapacity.withoutSlice(one, v.nodeId(), v.deviceKeys().get(0),
                        v.leaseId()) : NodeCapacity.withFree(one, v.nodeId(), v.deviceKeys(), true)).get(0));
            }
            PlacementResult result = current.plan(request, policies);
            if (result.placement().isPresent()) {
                Placement placement = result.placement().get();
                Set<String> used = new HashSet<>();
                placement.devices().forEach(d -> used.add(placement.node().nodeId() + "/" + d.deviceKey()));
                List<Victim> needed = freed.stream().filter(f -> f.deviceKeys().stream()
                        .anyMatch(k -> used.contains(f.nodeId() + "/" + k))).toList();
                return Optional.of(new Plan(placement, needed));
            }
        }
        return Optional.empty();
    }
}
