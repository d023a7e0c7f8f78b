package io.computenet.placement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capacity index's policy-ranked path ({@link CapacityIndex#plan(PlacementRequest, PolicyChoice)}) makes every
 * decision the planner's scan ({@link Planner#plan(PlacementRequest, List, PolicyChoice)}) makes: random fleets with
 * slices, random host CPU and memory left and two clusters per region take thousands of random requests, bookings,
 * releases, drains and node changes; the scan is the oracle for every answer.
 */
class CapacityIndexPolicyEquivalenceTest {

    @ParameterizedTest(name = "{1} (seed {0}): {2} nodes, {3} device kinds")
    @CsvSource({
            "11, fgd-cpu-aware, 60, 13",
            "12, fgd-cpu-aware, 150, 4",    // few kinds: many equal nodes, decided by the tie-breaks
            "13, fgd, 80, 7",
            "14, fgd, 10, 3",               // a tiny fleet: mostly full, most requests refused
            "15, spread, 60, 13",
            "16, fgd-tight, 40, 5"})
    void theIndexRanksEveryRequestAsTheScanDoes(long seed, String policy, int size, int kinds) {
        PolicyChoice choice = PolicyChoice.everywhere(ClusterPolicy.named(policy));
        int placed = replay(seed, size, kinds, 1500, choice);
        assertThat(placed).as("placements").isGreaterThan(75);
    }

    @Test
    void clustersOfOneRegionMayRankByDifferentPolicies() {
        PolicyChoice choice = PolicyChoice.of(ClusterPolicy.named("fgd-cpu-aware"),
                Map.of("cn-east-yrd-2", ClusterPolicy.BINPACK, "cn-west-nm-2", ClusterPolicy.SPREAD));
        assertThat(replay(21, 90, 6, 1500, choice)).isGreaterThan(75);
    }

    @Test
    void nodesOfOneStateShareAClass() {
        // given forty empty nodes of one kind and four of another, in one cluster
        RandomFleets.Kind h100 = RandomFleets.KINDS.get(0);
        RandomFleets.Kind a100 = RandomFleets.KINDS.get(1);
        List<NodeCapacity> fleet = new ArrayList<>();
        for (int i = 0; i < 44; i++) {
            RandomFleets.Kind kind = i < 40 ? h100 : a100;
            List<DeviceSlot> devices = new ArrayList<>();
            for (int d = 0; d < 8; d++) {
                devices.add(DeviceSlot.sliceable("gpu-" + (7 - d), io.computenet.placement.slices.DeviceState
                        .empty(kind.shape())));
            }
            fleet.add(new NodeCapacity("n" + (100 + i), "op", "cn-east-yrd", "c", RegionTier.EAST, true, devices,
                    new NodeCapacity.Host(96_000, 1 << 20)));
        }

        // when they are put in classes
        PolicyClasses classes = new PolicyClasses(fleet);

        // then there are two classes, and a lease placed on one node makes a third
        assertThat(classes.size()).isEqualTo(2);
        PlacementRequest request = new PlacementRequest(80 * RandomFleets.GIB, 1, null, null,
                WorkloadClass.TRAINING);
        PolicyChoice fgd = PolicyChoice.everywhere(ClusterPolicy.named("fgd"));
        Placement p = classes.plan(request, fgd);
        assertThat(p.node().nodeId()).as("the lowest id of the winning class").isIn("n100", "n140");
        assertThat(p).isEqualTo(Planner.plan(request, fleet, fgd).placement().orElseThrow());
        classes.put(p.node().withDevices(List.of(p.firstDevice().withFree(false))));
        assertThat(classes.size()).isEqualTo(3);
    }

    @Test
    void classesForgottenAndOrdersSortedAgainChangeNoDecision() {
        // given classes that keep two emptied classes at most and sort every order again after a few changes
        RandomFleets fleets = new RandomFleets(31, 5);
        Random random = fleets.random();
        List<NodeCapacity> snapshot = new ArrayList<>();
        for (NodeCapacity n : fleets.fleet(70)) {
            snapshot.add(decorate(n, random));
        }
        PolicyClasses classes = new PolicyClasses(snapshot, 2, 8);
        PolicyChoice choice = PolicyChoice.everywhere(ClusterPolicy.named("fgd-cpu-aware"));
        List<PlacementRequest> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            requests.add(withHostMemory(fleets.request(), random)); // few requests, each asked again and again
        }
        List<RandomFleets.Lease> leases = new ArrayList<>();
        int placed = 0;

        // when leases are placed and released, each decision compared with the scan's
        for (int step = 0; step < 1500; step++) {
            if (random.nextInt(100) < 55 || leases.isEmpty()) {
                PlacementRequest request = requests.get(random.nextInt(requests.size()));
                Placement expected = Planner.plan(request, snapshot, choice).placement().orElse(null);
                assertThat(classes.plan(request, choice)).as("step %d: %s", step, request).isEqualTo(expected);
                if (expected != null) {
                    placed++;
                    RandomFleets.Booking booking = fleets.book(expected);
                    snapshot = NodeCapacity.withDevices(snapshot, booking.lease().nodeId(), booking.devices());
                    classes.put(node(snapshot, booking.lease().nodeId()));
                    leases.add(booking.lease());
                }
            } else {
                RandomFleets.Lease lease = leases.remove(random.nextInt(leases.size()));
                List<DeviceSlot> released = RandomFleets.release(lease, node(snapshot, lease.nodeId()));
                snapshot = NodeCapacity.withDevices(snapshot, lease.nodeId(), released);
                classes.put(node(snapshot, lease.nodeId()));
            }
        }

        // then they all agreed, over many placements
        assertThat(placed).isGreaterThan(200);
    }

    @Test
    void fgdRefusesWhereEveryNodeLacksTheHostMemoryAndBinpackWouldPlace() {
        // given two nodes with 512 GiB of host memory left, in an FGD cluster
        RandomFleets.Kind h100 = RandomFleets.KINDS.get(0);
        List<NodeCapacity> fleet = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            fleet.add(new NodeCapacity("n" + i, "op", "cn-east-yrd", "c", RegionTier.EAST, true,
                    List.of(DeviceSlot.sliceable("gpu-0", io.computenet.placement.slices.DeviceState
                            .empty(h100.shape()))), new NodeCapacity.Host(96_000, 512L << 10)));
        }
        CapacityIndex index = new CapacityIndex(fleet);
        PolicyChoice fgd = PolicyChoice.everywhere(ClusterPolicy.named("fgd-cpu-aware"));
        PlacementRequest fits = new PlacementRequest(8 * RandomFleets.GIB, 1, null, null, WorkloadClass.INFERENCE,
                null, null, null, Sharing.SHARED, null, null, 256L << 10);
        PlacementRequest tooMuch = new PlacementRequest(8 * RandomFleets.GIB, 1, null, null, WorkloadClass.INFERENCE,
                null, null, null, Sharing.SHARED, null, null, 1024L << 10);

        // when a request names 256 GiB, then 1 TiB, of host memory
        PlacementResult placed = index.plan(fits, fgd);
        PlacementResult refused = index.plan(tooMuch, fgd);

        // then the first is placed, the second refused as the scan refuses it, where binpack would place it
        assertThat(placed).isEqualTo(Planner.plan(fits, fleet, fgd));
        assertThat(placed.isPlaced()).isTrue();
        assertThat(refused).isEqualTo(Planner.plan(tooMuch, fleet, fgd));
        assertThat(refused.isPlaced()).isFalse();
        assertThat(refused.reasons()).isNotEmpty();
        assertThat(index.plan(tooMuch).isPlaced()).isTrue();
    }

    private static NodeCapacity node(List<NodeCapacity> snapshot, String nodeId) {
        return snapshot.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElseThrow();
    }

    /** Replays random steps through the index and the scan, comparing every answer; returns the placements. */
    private static int replay(long seed, int size, int kinds, int steps, PolicyChoice choice) {
        TwinFleet fleet = new TwinFleet(seed, size, kinds, CapacityIndexPolicyEquivalenceTest::decorate,
                CapacityIndexPolicyEquivalenceTest::withHostMemory);
        int placed = 0;
        for (int step = 0; step < steps; step++) {
            int action = fleet.random().nextInt(100);
            if (action < 60 || fleet.holdsNoLease()) {
                if (fleet.plan("seed " + seed + " step " + step,
                        request -> Planner.plan(request, fleet.snapshot(), choice),
                        request -> fleet.index().plan(request, choice))) {
                    placed++;
                }
            } else if (action < 90) {
                fleet.releaseOne();
            } else if (action < 95) {
                fleet.toggleOne();
            } else if (action < 98 || fleet.snapshot().size() < 2) {
                fleet.putOne();
            } else {
                fleet.removeOne();
            }
        }
        assertThat(fleet.index().snapshot()).isEqualTo(fleet.snapshot());
        return placed;
    }

    /**
     * The request, naming (in a quarter of the requests) host memory that some nodes lack ({@link #decorate} leaves
     * 512 GiB or 1 TiB, or reports none), or that none has.
     */
    static PlacementRequest withHostMemory(PlacementRequest r, Random random) {
        Long[] asks = {null, null, null, 64L << 10, 600L << 10, 2048L << 10};
        Long ask = asks[random.nextInt(asks.length)];
        return new PlacementRequest(r.memoryMiBPerDevice(), r.deviceCount(), r.region(), r.vendor(),
                r.workloadClass(), r.computePct(), r.model(), r.sliceProfile(), r.sharing(), r.framework(),
                r.cpuCount(), ask);
    }

    /** The node in one of its region's two clusters, with host CPU and memory left (or none reported). */
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
