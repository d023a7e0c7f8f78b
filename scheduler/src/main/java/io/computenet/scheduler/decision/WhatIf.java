package io.computenet.scheduler.decision;

import io.computenet.placement.CapacityIndex;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PlacementResult;
import io.computenet.placement.PolicyChoice;

import java.util.List;

/**
 * The placement engine asked about capacity that is not the live model: a snapshot narrowed or changed for one
 * question (the nodes a price ceiling or a quote leaves, the nodes other than those a replica avoids, what is free
 * over a booking's window, the fleet with everything free, one option's nodes for a quote). It builds the indexed
 * engine, a {@link CapacityIndex}, over that snapshot and asks it, so what-if and live placement run the same code
 * and answer alike. The build looks at every node once, like the scan it replaces, but takes 3 to 5 times the scan's
 * time (docs/performance.md, "One engine"); the live path asks the live index ({@link LeaseDecision.Index}) and
 * builds nothing.
 */
final class WhatIf {

    private WhatIf() {
    }

    /** Where {@code request} goes on {@code nodes}, each cluster ranking by its policy, or why it does not fit. */
    static PlacementResult plan(PlacementRequest request, List<NodeCapacity> nodes, PolicyChoice policies) {
        return new CapacityIndex(nodes).plan(request, policies);
    }

    /** {@link #plan(PlacementRequest, List, PolicyChoice)} with binpack everywhere. */
    static PlacementResult plan(PlacementRequest request, List<NodeCapacity> nodes) {
        return new CapacityIndex(nodes).plan(request);
    }
}
