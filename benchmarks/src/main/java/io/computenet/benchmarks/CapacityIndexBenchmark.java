package io.computenet.benchmarks;

import io.computenet.placement.CapacityIndex;
import io.computenet.placement.ClusterPolicy;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PlacementResult;
import io.computenet.placement.Planner;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.policy.MixLearner;
import io.computenet.placement.policy.Policies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler's live capacity model ({@link CapacityIndex}) on the {@link PlacementFleet}: 10,000 nodes, 80,000
 * devices of seven models with their real slice tables, about half the memory in use (a third of the devices held
 * whole, slices of every kind on many others), and a fixed mix of 1,024 requests (70 % single-device slices, 10 % one
 * whole device, 20 % 2/4/8 whole devices).
 *
 * <ul>
 *   <li>{@code placeAndRelease}: one lease's life as the model sees it: plan the next request of the mix, book the
 *   placement into the index (the slice cut from the device's state, or the devices taken), then release it again
 *   (the slice released, or the devices freed). The fleet is the same after every operation, so every iteration
 *   measures the same steady state.</li>
 *   <li>{@code plan}: the decision alone, on the unchanged fleet.</li>
 * </ul>
 * Both under each {@code policy}: {@code binpack}, and the scheduler's default, {@code fgd-cpu-aware-learned}
 * ({@link CapacityIndex#plan(PlacementRequest, PolicyChoice)}, classes of equal nodes ranked once per request), its
 * mix learned from the 1,024 requests (each counted once, as the scheduler counts a request) before the measurement,
 * as a scheduler that has seen them would have it.
 *
 * <p>The setup checks the index against the planner's scan ({@link Planner#plan(PlacementRequest, List,
 * PolicyChoice)}) on the first requests of the mix and throws on any difference, so the benchmark cannot time wrong
 * answers.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CapacityIndexBenchmark {

    private static final String LEASE = "bench-lease";
    /** Requests of the mix checked against the planner's scan in the setup (a scan takes milliseconds). */
    private static final int CHECKED = 48;

    /** The policy of every cluster. */
    @Param({"binpack", Policies.ONLINE_RECOMMENDED})
    String policy;

    CapacityIndex index;
    PlacementRequest[] requests;
    PolicyChoice choice;
    int next;

    @Setup
    public void setUp() {
        index = PlacementFleet.steadyState(42);
        requests = PlacementFleet.requests(new Random(7), 1024);
        ClusterPolicy cluster = ClusterPolicy.named(policy);
        if (cluster.learns()) {
            MixLearner learner = cluster.learner(List.of());
            for (PlacementRequest r : requests) {
                ClusterPolicy.requestShape(r, index.plan(r).placement().orElse(null)).ifPresent(learner::observe);
            }
            cluster = cluster.withMix(learner.current());
            System.err.println("learned mix: " + learner.current().size() + " shapes");
        }
        choice = PolicyChoice.everywhere(cluster);
        var snapshot = index.snapshot();
        System.err.println("fleet: " + PlacementFleet.describe(snapshot));
        int placed = 0;
        int checked = cluster == ClusterPolicy.BINPACK ? CHECKED : CHECKED / 3; // an FGD scan takes longer
        for (int i = 0; i < checked; i++) {
            PlacementResult expected = Planner.plan(requests[i], snapshot, choice);
            PlacementResult actual = index.plan(requests[i], choice);
            if (!actual.equals(expected)) {
                throw new IllegalStateException("index and planner disagree on " + requests[i] + ":\n" + actual
                        + "\n" + expected);
            }
            placed += actual.isPlaced() ? 1 : 0;
        }
        if (placed < checked / 2) {
            throw new IllegalStateException("only " + placed + " of " + checked + " requests placed: not a steady"
                    + " state with room");
        }
        for (PlacementRequest r : requests) {
            if (!placeAndRelease(r).isPlaced() && index.plan(r, choice).reasons().isEmpty()) {
                throw new IllegalStateException("a refusal without reasons: " + r);
            }
        }
        if (!index.snapshot().equals(snapshot)) {
            throw new IllegalStateException("placing and releasing changed the fleet");
        }
    }

    @Benchmark
    public PlacementResult placeAndRelease() {
        return placeAndRelease(requests[next++ & (requests.length - 1)]);
    }

    @Benchmark
    public PlacementResult plan() {
        return index.plan(requests[next++ & (requests.length - 1)], choice);
    }

    private PlacementResult placeAndRelease(PlacementRequest request) {
        PlacementResult result = index.plan(request, choice);
        if (result.placement().isPresent()) {
            Placement p = result.placement().get();
            String nodeId = p.node().nodeId();
            List<DeviceSlot> booked = PlacementFleet.book(p, LEASE);
            index.replaceDevices(nodeId, booked);
            List<DeviceSlot> released = new ArrayList<>(booked.size());
            for (DeviceSlot d : booked) {
                released.add(PlacementFleet.release(d, LEASE));
            }
            index.replaceDevices(nodeId, released);
        }
        return result;
    }
}
