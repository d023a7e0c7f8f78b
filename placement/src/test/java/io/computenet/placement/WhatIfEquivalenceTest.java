package io.computenet.placement;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexed engine answers what-if questions as the scan does: a {@link CapacityIndex} built over a snapshot that a
 * decision narrows or changes (the nodes other than those a replica avoids, what a price ceiling leaves, the fleet
 * with everything free as for "could it ever fit", and an index changed node by node as preemption frees victims)
 * places every random request where {@link Planner#plan(PlacementRequest, List, PolicyChoice)}, the oracle, places it
 * on the same snapshot, or refuses it with the same reasons. These are the paths the scheduler's lease decision and
 * quotes take instead of the scan.
 */
class WhatIfEquivalenceTest {

    @ParameterizedTest(name = "{1} (seed {0}): {2} nodes, {3} device kinds")
    @CsvSource({
            "41, binpack, 60, 13",
            "42, fgd-cpu-aware, 60, 13",
            "43, fgd-cpu-aware, 120, 4",
            "44, spread, 40, 7",
            "45, fgd, 12, 3"})
    void everyWhatIfIndexAnswersAsTheScan(long seed, String policy, int size, int kinds) {
        PolicyChoice choice = PolicyChoice.everywhere(ClusterPolicy.named(policy));
        TwinFleet fleet = new TwinFleet(seed, size, kinds, WhatIfEquivalenceTest::decorate,
                CapacityIndexPolicyEquivalenceTest::withHostMemory);
        Random random = fleet.random();
        int[] compared = new int[1];
        int placed = 0;
        for (int step = 0; step < 400; step++) {
            int action = random.nextInt(100);
            String label = "seed " + seed + " step " + step;
            if (action < 60 || fleet.holdsNoLease()) {
                if (fleet.plan(label, request -> {
                    compared[0] += whatIfs(label, request, fleet.snapshot(), choice, random);
                    return Planner.plan(request, fleet.snapshot(), choice);
                }, request -> fleet.index().plan(request, choice))) {
                    placed++;
                }
            } else if (action < 92) {
                fleet.releaseOne();
            } else if (action < 96) {
                fleet.toggleOne();
            } else {
                fleet.putOne();
            }
        }
        assertThat(placed).as("placements").isGreaterThan(20);
        assertThat(compared[0]).as("what-if answers compared").isGreaterThan(1500);
    }

    /**
     * The live index asked with a candidate filter ({@link CapacityIndex#planWithin})
     * answers as the scan on the nodes the filter keeps, each node whole: the nodes other than a random third (a
     * replica's avoided nodes), and one option of the quotes (the request narrowed to one region, vendor and model, on
     * the nodes of one operator there), while the fleet is booked, released, drained and re-enrolled under it.
     */
    @ParameterizedTest(name = "seed {0}: {1} nodes, {2} device kinds")
    @CsvSource({"51, 60, 13", "52, 120, 4", "53, 12, 3", "54, 200, 9"})
    void theLiveIndexAnswersOnTheNodesACandidateFilterKeepsAsTheScan(long seed, int size, int kinds) {
        TwinFleet fleet = new TwinFleet(seed, size, kinds, (n, random) -> n);
        Random random = fleet.random();
        int[] compared = new int[2];
        for (int step = 0; step < 600; step++) {
            int action = random.nextInt(100);
            String label = "seed " + seed + " step " + step;
            if (action < 60 || fleet.holdsNoLease()) {
                fleet.plan(label, request -> {
                    filtered(label, request, fleet, random, compared);
                    return Planner.plan(request, fleet.snapshot());
                }, request -> fleet.index().plan(request));
            } else if (action < 92) {
                fleet.releaseOne();
            } else if (action < 96) {
                fleet.toggleOne();
            } else {
                fleet.putOne();
            }
        }
        assertThat(compared[0]).as("filtered answers compared").isGreaterThan(600);
        assertThat(compared[1]).as("filtered answers placed").isGreaterThan(100);
    }

    private static void filtered(String label, PlacementRequest request, TwinFleet fleet, Random random,
                                 int[] compared) {
        List<NodeCapacity> snapshot = fleet.snapshot();
        Set<String> avoided = new HashSet<>();
        for (NodeCapacity n : snapshot) {
            if (random.nextInt(3) == 0) {
                avoided.add(n.nodeId());
            }
        }
        java.util.function.Predicate<NodeCapacity> others = n -> !avoided.contains(n.nodeId());
        sameFiltered(label + " avoiding", request, fleet, others, compared);
        NodeCapacity node = snapshot.get(random.nextInt(snapshot.size()));
        if (node.devices().isEmpty()) {
            return;
        }
        DeviceSlot device = node.devices().get(random.nextInt(node.devices().size()));
        if (request.vendor() != null && request.vendor() != device.vendor()
                || request.model() != null && !request.model().equals(device.model())) {
            return;
        }
        PlacementRequest option = new PlacementRequest(request.memoryMiBPerDevice(), request.deviceCount(),
                node.region(), device.vendor(), request.workloadClass(), request.computePct(), device.model(),
                request.sliceProfile(), request.sharing(), request.framework(), request.cpuCount(),
                request.hostMemoryMiB());
        sameFiltered(label + " option " + node.region() + "/" + node.operatorId() + "/" + device.model(), option,
                fleet, n -> n.region().equals(node.region()) && n.operatorId().equals(node.operatorId()), compared);
    }

    private static void sameFiltered(String label, PlacementRequest request, TwinFleet fleet,
                                     java.util.function.Predicate<NodeCapacity> keep, int[] compared) {
        PlacementResult expected = Planner.plan(request, fleet.snapshot().stream().filter(keep).toList());
        assertThat(fleet.index().planWithin(request, keep)).as("%s: %s", label, request).isEqualTo(expected);
        compared[0]++;
        if (expected.isPlaced()) {
            compared[1]++;
        }
    }

    /** Compares the what-if answers of one request; returns how many were compared. */
    private static int whatIfs(String label, PlacementRequest request, List<NodeCapacity> snapshot,
                               PolicyChoice choice, Random random) {
        int compared = 0;
        // the snapshot itself, in a fresh index
        same(label + " fresh", request, snapshot, choice);
        compared++;
        // nodes to avoid: a random third of the nodes left out
        List<NodeCapacity> others = new ArrayList<>();
        for (NodeCapacity n : snapshot) {
            if (random.nextInt(3) > 0) {
                others.add(n);
            }
        }
        same(label + " avoiding", request, others, choice);
        compared++;
        // a price ceiling: the devices it leaves
        BigDecimal[] ceilings = {BigDecimal.ONE, BigDecimal.valueOf(4), BigDecimal.valueOf(9), BigDecimal.valueOf(40)};
        PriceFilter.Filtered priced = PriceFilter.apply(request, snapshot, WhatIfEquivalenceTest::price,
                ceilings[random.nextInt(ceilings.length)]);
        same(label + " priced", request, priced.snapshot(), choice);
        compared++;
        // could it ever fit: everything free
        same(label + " all free", request, snapshot.stream().map(NodeCapacity::allFree).toList(), choice);
        same(label + " all free, binpack", request, snapshot.stream().map(NodeCapacity::allFree).toList(),
                PolicyChoice.BINPACK);
        compared += 2;
        // preemption's what-if: one index, nodes freed in it one after another, compared after each
        CapacityIndex index = new CapacityIndex(snapshot);
        List<NodeCapacity> freed = snapshot;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 4 && !snapshot.isEmpty(); i++) {
            NodeCapacity node = snapshot.get(random.nextInt(snapshot.size()));
            if (!seen.add(node.nodeId())) {
                continue;
            }
            List<String> keys = node.devices().stream().filter(d -> random.nextBoolean())
                    .map(DeviceSlot::deviceKey).toList();
            freed = NodeCapacity.withFree(freed, node.nodeId(), keys, true);
            index.putNode(freed.stream().filter(n -> n.nodeId().equals(node.nodeId())).findFirst().orElseThrow());
            assertThat(index.plan(request, choice)).as("%s freed %d: %s", label, i, request)
                    .isEqualTo(Planner.plan(request, freed, choice));
            compared++;
        }
        return compared;
    }

    private static void same(String label, PlacementRequest request, List<NodeCapacity> nodes, PolicyChoice choice) {
        assertThat(new CapacityIndex(nodes).plan(request, choice)).as("%s: %s", label, request)
                .isEqualTo(Planner.plan(request, nodes, choice));
    }

    /** A price per device-hour from 1 to 16 by operator, region and model; one in seven has none. */
    private static Optional<BigDecimal> price(String operatorId, String region, String model) {
        int h = (operatorId + "/" + region + "/" + model).hashCode() & 0x7fffffff;
        return h % 7 == 0 ? Optional.empty() : Optional.of(BigDecimal.valueOf(1 + h % 16));
    }

    /** As the policy equivalence test decorates its nodes: two clusters per region, random host CPU and memory. */
    private static NodeCapacity decorate(NodeCapacity n, Random random) {
        String cluster = n.region() + "-" + (1 + random.nextInt(2));
        NodeCapacity.Host host = switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> new NodeCapacity.Host(96_000, 1 << 20);
            default -> new NodeCapacity.Host(random.nextInt(8) * 8_000L, 1 << 19);
        };
        return new NodeCapacity(n.nodeId(), n.operatorId(), n.region(), cluster, n.tier(), n.schedulable(),
                n.devices(), host);
    }
}
