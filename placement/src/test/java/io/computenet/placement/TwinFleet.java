package io.computenet.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A random fleet ({@link RandomFleets}) held twice, as the planner's snapshot and as a {@link CapacityIndex}, for the
 * index's equivalence tests: each step changes both alike (a booking, a release, a drain, a node enrolled, replaced or
 * removed), and {@link #plan} asks both the same request and compares the answers, the snapshot's being the oracle.
 * Every random choice is drawn from the fleet's one seeded {@link #random()}, so a seed replays a run.
 */
final class TwinFleet {

    private final RandomFleets fleets;
    private final Random random;
    private final BiFunction<NodeCapacity, Random, NodeCapacity> decorate;
    private final BiFunction<PlacementRequest, Random, PlacementRequest> shape;
    private final CapacityIndex index;
    private final List<RandomFleets.Lease> leases = new ArrayList<>();
    private List<NodeCapacity> snapshot;

    /**
     * {@code size} random nodes of {@code kinds} device kinds, each passed through {@code decorate} (given the
     * fleet's random source), as is every node enrolled later.
     */
    TwinFleet(long seed, int size, int kinds, BiFunction<NodeCapacity, Random, NodeCapacity> decorate) {
        this(seed, size, kinds, decorate, (request, random) -> request);
    }

    /** As above, each random request passed through {@code shape} (given the fleet's random source) before use. */
    TwinFleet(long seed, int size, int kinds, BiFunction<NodeCapacity, Random, NodeCapacity> decorate,
              BiFunction<PlacementRequest, Random, PlacementRequest> shape) {
        this.fleets = new RandomFleets(seed, kinds);
        this.random = fleets.random();
        this.decorate = decorate;
        this.shape = shape;
        this.snapshot = new ArrayList<>();
        for (NodeCapacity n : fleets.fleet(size)) {
            snapshot.add(decorate.apply(n, random));
        }
        this.index = new CapacityIndex(snapshot);
    }

    Random random() {
        return random;
    }

    List<NodeCapacity> snapshot() {
        return snapshot;
    }

    CapacityIndex index() {
        return index;
    }

    boolean holdsNoLease() {
        return leases.isEmpty();
    }

    /**
     * Plans a random request on the snapshot ({@code scan}) and on the index ({@code indexed}), asserts the answers
     * alike ({@code label}: the seed and step), books a placement on both; true when placed.
     */
    boolean plan(String label, Function<PlacementRequest, PlacementResult> scanOfRequest,
                 Function<PlacementRequest, PlacementResult> indexedOfRequest) {
        PlacementRequest request = shape.apply(fleets.request(), random);
        PlacementResult expected = scanOfRequest.apply(request);
        PlacementResult actual = indexedOfRequest.apply(request);
        assertThat(actual).as("%s: %s", label, request).isEqualTo(expected);
        if (expected.placement().isEmpty()) {
            return false;
        }
        RandomFleets.Booking booking = fleets.book(expected.placement().get());
        snapshot = NodeCapacity.withDevices(snapshot, booking.lease().nodeId(), booking.devices());
        index.replaceDevices(booking.lease().nodeId(), booking.devices());
        leases.add(booking.lease());
        return true;
    }

    /** Releases a random lease on both (nothing when its node is gone). */
    void releaseOne() {
        RandomFleets.Lease lease = leases.remove(random.nextInt(leases.size()));
        NodeCapacity node = snapshot.stream().filter(n -> n.nodeId().equals(lease.nodeId())).findFirst()
                .orElse(null);
        if (node != null) {
            List<DeviceSlot> released = RandomFleets.release(lease, node);
            snapshot = NodeCapacity.withDevices(snapshot, lease.nodeId(), released);
            if (!released.isEmpty()) {
                index.replaceDevices(lease.nodeId(), released);
            }
        }
    }

    /** Drains a random node, or lets it take leases again. */
    void toggleOne() {
        NodeCapacity node = snapshot.get(random.nextInt(snapshot.size()));
        snapshot = replace(snapshot, node.withSchedulable(!node.schedulable()));
        index.setSchedulable(node.nodeId(), !node.schedulable());
    }

    /** A node enrolled, or one re-reported with other devices. */
    void putOne() {
        String id = random.nextInt(3) > 0 ? fleets.nodeId() : snapshot.get(random.nextInt(snapshot.size())).nodeId();
        NodeCapacity node = decorate.apply(fleets.node(id), random);
        snapshot = replace(snapshot, node);
        index.putNode(node);
    }

    /** Removes a random node from both; whether the index held it. */
    boolean removeOne() {
        NodeCapacity node = snapshot.get(random.nextInt(snapshot.size()));
        snapshot = snapshot.stream().filter(n -> !n.nodeId().equals(node.nodeId())).toList();
        return index.removeNode(node.nodeId());
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
