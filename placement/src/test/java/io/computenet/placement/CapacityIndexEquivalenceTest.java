package io.computenet.placement;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capacity index makes every decision the planner makes: random fleets of mixed vendors and slice tables, with
 * random prior allocations, take thousands of random requests of every kind; each answer of the index is compared
 * with {@link Planner#plan} on the equivalent snapshot (placement, slice and reasons alike), and each placement is
 * booked on both. Releases, draining, and nodes added, replaced and removed are mixed in.
 */
class CapacityIndexEquivalenceTest {

    @ParameterizedTest(name = "seed {0}: {1} nodes, {2} device kinds, {3} steps")
    @CsvSource({
            "1, 40, 13, 3000",
            "2, 120, 13, 3000",
            "3, 60, 4, 3000",    // few kinds: many equal candidates, decided by the tie-breaks
            "4, 8, 3, 2000",     // a tiny fleet: mostly full, most requests refused
            "5, 250, 13, 2500",
            "6, 30, 7, 3000"})
    void indexAnswersEveryRequestAsThePlannerDoesOnTheSameSnapshot(long seed, int size, int kinds, int steps) {
        // given a random fleet, once as a snapshot and once indexed
        RandomFleets fleets = new RandomFleets(seed, kinds);
        Random random = fleets.random();
        List<NodeCapacity> snapshot = new ArrayList<>(fleets.fleet(size));
        CapacityIndex index = new CapacityIndex(snapshot);
        List<RandomFleets.Lease> leases = new ArrayList<>();
        int placed = 0;
        int refused = 0;

        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(100);
            if (action < 55 || leases.isEmpty()) {
                // when the same request is planned on both
                PlacementRequest request = fleets.request();
                PlacementResult expected = Planner.plan(request, snapshot);
                PlacementResult actual = index.plan(request);

                // then the answers are the same, and a placement is booked on both
                assertThat(actual).as("seed %d step %d: %s", seed, step, request).isEqualTo(expected);
                if (expected.placement().isPresent()) {
                    placed++;
                    RandomFleets.Booking booking = fleets.book(expected.placement().get());
                    snapshot = NodeCapacity.withDevices(snapshot, booking.lease().nodeId(), booking.devices());
                    index.replaceDevices(booking.lease().nodeId(), booking.devices());
                    leases.add(booking.lease());
                } else {
                    refused++;
                }
            } else if (action < 88) {
                RandomFleets.Lease lease = leases.remove(random.nextInt(leases.size()));
                NodeCapacity node = find(snapshot, lease.nodeId());
                if (node != null) {
                    List<DeviceSlot> released = RandomFleets.release(lease, node);
                    snapshot = NodeCapacity.withDevices(snapshot, lease.nodeId(), released);
                    if (!released.isEmpty()) {
                        index.replaceDevices(lease.nodeId(), released);
                    }
                }
            } else if (action < 95) {
                NodeCapacity node = snapshot.get(random.nextInt(snapshot.size()));
                boolean schedulable = !node.schedulable();
                snapshot = replace(snapshot, new NodeCapacity(node.nodeId(), node.operatorId(), node.region(),
                        node.cluster(), node.tier(), schedulable, node.devices()));
                index.setSchedulable(node.nodeId(), schedulable);
            } else if (action < 98 || snapshot.size() < 2) {
                // a node enrolled, or re-reported with other devices
                String id = random.nextInt(3) > 0 ? fleets.nodeId()
                        : snapshot.get(random.nextInt(snapshot.size())).nodeId();
                NodeCapacity node = fleets.node(id);
                snapshot = replace(snapshot, node);
                index.putNode(node);
            } else if (random.nextBoolean()) {
                NodeCapacity node = snapshot.get(random.nextInt(snapshot.size()));
                snapshot = snapshot.stream().filter(n -> !n.nodeId().equals(node.nodeId())).toList();
                assertThat(index.removeNode(node.nodeId())).isTrue();
            }
            if (step % 250 == 0) {
                assertThat(index.snapshot()).as("seed %d step %d", seed, step).isEqualTo(snapshot);
            }
        }

        // and the run exercised both outcomes
        assertThat(index.snapshot()).isEqualTo(snapshot);
        assertThat(placed).as("placements").isGreaterThan(steps / 20);
        assertThat(refused).as("refusals").isGreaterThan(steps / 50);
    }

    private static NodeCapacity find(List<NodeCapacity> snapshot, String nodeId) {
        return snapshot.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElse(null);
    }

    /** The snapshot with the node replaced in place, or appended when new (as the index keeps its order). */
    private static List<NodeCapacity> replace(List<NodeCapacity> snapshot, NodeCapacity node) {
        List<NodeCapacity> next = new ArrayList<>(snapshot);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).nodeId().equals(node.nodeId())) {
                next.set(i, node);
                return next;
            }
        }
        next.add(node);
        return next;
    }
}
