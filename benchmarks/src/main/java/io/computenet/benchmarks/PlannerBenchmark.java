package io.computenet.benchmarks;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.ClusterPolicy;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PlacementResult;
import io.computenet.placement.Planner;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.RegionTier;
import io.computenet.placement.WorkloadClass;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler's whole-device planner ({@code Planner.plan}, as {@code LeaseService} calls it) over a capacity
 * snapshot of 10,000 nodes and 80,000 devices of six models in three regions, about half of the devices taken.
 * Each call places one request drawn from a fixed mix (1, 2, 4 or 8 devices of 16 to 80 GiB, any or one region,
 * any or one vendor, three workload classes). The snapshot is not changed, so every call sees the same fleet.
 *
 * <p>{@code planMixedFleet} scans the fleet and request mix of {@link CapacityIndexBenchmark} instead
 * ({@link PlacementFleet}: devices with their slice tables, slices on many of them, 70 % single-device slice
 * requests), so the scan and the index are compared on the same work.
 *
 * <p>{@code policy} is the placement policy of every cluster ({@link ClusterPolicy}): {@code binpack} is
 * {@code Planner.plan(request, snapshot)} as before; the others go through {@code Planner.plan(request, snapshot,
 * choice)}, FGD looking through {@link ClusterPolicy#FALLBACK_MIX} (what the scheduler uses before it has lease
 * history).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlannerBenchmark {

    private record Model(Vendor vendor, String name, long memoryMiB) {
    }

    private static final List<Model> MODELS = List.of(
            new Model(Vendor.NVIDIA, "H100 80GB HBM3", 81559), new Model(Vendor.NVIDIA, "A100-SXM4-80GB", 81920),
            new Model(Vendor.NVIDIA, "GeForce RTX 4090", 24564), new Model(Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536),
            new Model(Vendor.HUAWEI_ASCEND, "Ascend310P3", 21527), new Model(Vendor.CAMBRICON, "MLU370-X8", 23374));
    private static final String[] REGIONS = {"cn-east-yrd", "cn-west-nm", "cn-west-gz"};

    @Param({"binpack", "spread", "fgd-cpu-aware"})
    String policy;

    PolicyChoice choice;
    List<NodeCapacity> snapshot;
    PlacementRequest[] requests;
    int next;

    @Setup
    public void setUp() {
        choice = PolicyChoice.everywhere(ClusterPolicy.named(policy));
        Random random = new Random(42);
        snapshot = new ArrayList<>(10_000);
        for (int n = 0; n < 10_000; n++) {
            Model model = MODELS.get(n % MODELS.size());
            String region = REGIONS[(n / MODELS.size()) % REGIONS.length];
            List<DeviceSlot> devices = new ArrayList<>(8);
            for (int d = 0; d < 8; d++) {
                devices.add(new DeviceSlot("n" + n + "-d" + d, model.vendor(), model.name(), model.memoryMiB(),
                        random.nextBoolean()));
            }
            snapshot.add(new NodeCapacity("node-" + n, "op-" + (n % 7), region, region + "-1",
                    region.contains("east") ? RegionTier.EAST : RegionTier.WEST, n % 50 != 0, devices));
        }
        requests = new PlacementRequest[1024];
        int[] counts = {1, 1, 1, 2, 2, 4, 8};
        for (int i = 0; i < requests.length; i++) {
            requests[i] = new PlacementRequest((16 + random.nextInt(65)) * 1024L, counts[random.nextInt(counts.length)],
                    random.nextInt(3) == 0 ? REGIONS[random.nextInt(REGIONS.length)] : null,
                    random.nextInt(4) == 0 ? MODELS.get(random.nextInt(MODELS.size())).vendor() : null,
                    WorkloadClass.values()[random.nextInt(WorkloadClass.values().length)]);
        }
        for (PlacementRequest r : requests) {
            PlacementResult result = Planner.plan(r, snapshot, choice);
            if (!result.isPlaced() && result.reasons().isEmpty()) {
                throw new IllegalStateException("a refusal without reasons: " + r);
            }
        }
    }

    @Benchmark
    public PlacementResult plan() {
        PlacementRequest r = requests[next++ & (requests.length - 1)];
        return Planner.plan(r, snapshot, choice);
    }

    /** The steady-state fleet and request mix of {@link CapacityIndexBenchmark}, as a snapshot. */
    @State(Scope.Benchmark)
    public static class MixedFleet {
        List<NodeCapacity> snapshot;
        PlacementRequest[] requests;
        int next;

        @Setup
        public void setUp() {
            snapshot = PlacementFleet.steadyState(42).snapshot();
            requests = PlacementFleet.requests(new Random(7), 1024);
            System.err.println("fleet: " + PlacementFleet.describe(snapshot));
        }
    }

    @Benchmark
    public PlacementResult planMixedFleet(MixedFleet fleet) {
        PlacementRequest r = fleet.requests[fleet.next++ & (fleet.requests.length - 1)];
        return Planner.plan(r, fleet.snapshot, choice);
    }

    /**
     * What a what-if decision of the scheduler costs now that it runs on the indexed engine: a {@link
     * io.computenet.placement.CapacityIndex} built over the same snapshot as {@link #planMixedFleet} and asked the
     * same request (the lease decision's path for priced requests, avoided nodes, booking windows and the queue pass,
     * which plan on a snapshot of their own), so the two figures compare the scan with build-and-ask.
     */
    @Benchmark
    public PlacementResult whatIfMixedFleet(MixedFleet fleet) {
        PlacementRequest r = fleet.requests[fleet.next++ & (fleet.requests.length - 1)];
        return new io.computenet.placement.CapacityIndex(fleet.snapshot).plan(r, choice);
    }

    /**
     * The priced lease's options answered by one index kept over the fleet (the live index), with a candidate filter
     * instead of a build: each call asks the request once per option it could have (every region, operator, vendor
     * and model of the fleet that the request allows: the groups {@code Quotes} ranks), narrowed to the option's
     * region, vendor and model, on the nodes of the option's operator ({@code CapacityIndex.planWithin(request, keep)},
     * binpack). The work of {@code Quotes.first} without the pricing and the sort, against {@link #whatIfMixedFleet},
     * which is what one build-and-ask costs (today's {@code Quotes.first} builds one index per option, over a part of
     * the snapshot each: about one build of the whole). Binpack only: the {@code policy} parameter does not apply.
     */
    @Benchmark
    public int liveOptionsMixedFleet(LiveOptions fleet) {
        PlacementRequest r = fleet.requests[fleet.next++ & (fleet.requests.length - 1)];
        int placed = 0;
        for (String[] g : fleet.groups) {
            Vendor vendor = Vendor.valueOf(g[2]);
            if (r.region() != null && !r.region().equals(g[0]) || r.vendor() != null && r.vendor() != vendor
                    || r.model() != null && !r.model().equals(g[3])) {
                continue;
            }
            PlacementRequest option = new PlacementRequest(r.memoryMiBPerDevice(), r.deviceCount(), g[0], vendor,
                    r.workloadClass(), r.computePct(), g[3], r.sliceProfile(), r.sharing(), r.framework(),
                    r.cpuCount(), r.hostMemoryMiB());
            String region = g[0];
            String operator = g[1];
            if (fleet.index.planWithin(option, n -> n.region().equals(region) && n.operatorId().equals(operator))
                    .isPlaced()) {
                placed++;
            }
        }
        return placed;
    }

    /** {@link MixedFleet} held as a live index, with the fleet's option groups (region, operator, vendor, model). */
    @State(Scope.Benchmark)
    public static class LiveOptions {
        io.computenet.placement.CapacityIndex index;
        List<String[]> groups;
        PlacementRequest[] requests;
        int next;

        @Setup
        public void setUp() {
            index = PlacementFleet.steadyState(42);
            requests = PlacementFleet.requests(new Random(7), 1024);
            java.util.Set<List<String>> seen = new java.util.TreeSet<>(java.util.Comparator.comparing(Object::toString));
            for (NodeCapacity n : index.snapshot()) {
                for (DeviceSlot d : n.devices()) {
                    seen.add(List.of(n.region(), n.operatorId(), d.vendor().name(), d.model()));
                }
            }
            groups = seen.stream().map(l -> l.toArray(String[]::new)).toList();
            System.err.println("options (region, operator, vendor, model): " + groups.size());
        }
    }

    /**
     * A fleet for gang leases: 10,000 nodes of 8 devices (the six models, three regions, one cluster per region), a
     * third of them wholly free and the rest about half taken, every 50th unschedulable, 16 nodes to a rack label; the
     * requests are 4 x 8 gangs of 16 to 64 GiB per device, in any or one region, of any or one vendor.
     */
    @State(Scope.Benchmark)
    public static class GangFleet {
        List<NodeCapacity> snapshot;
        java.util.Map<String, String> racks;
        io.computenet.placement.gang.GangRequest[] requests;
        int next;

        @Setup
        public void setUp() {
            Random random = new Random(42);
            snapshot = new ArrayList<>(10_000);
            racks = new java.util.HashMap<>();
            for (int n = 0; n < 10_000; n++) {
                Model model = MODELS.get(n % MODELS.size());
                String region = REGIONS[(n / MODELS.size()) % REGIONS.length];
                boolean wholeFree = random.nextInt(3) == 0;
                List<DeviceSlot> devices = new ArrayList<>(8);
                for (int d = 0; d < 8; d++) {
                    devices.add(new DeviceSlot("n" + n + "-d" + d, model.vendor(), model.name(), model.memoryMiB(),
                            wholeFree || random.nextBoolean()));
                }
                snapshot.add(new NodeCapacity("node-" + n, "op-" + (n % 7), region, region + "-1",
                        region.contains("east") ? RegionTier.EAST : RegionTier.WEST, n % 50 != 0, devices));
                racks.put("node-" + n, "rack-" + (n / 16));
            }
            requests = new io.computenet.placement.gang.GangRequest[1024];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = io.computenet.placement.gang.GangRequest.of(new PlacementRequest(
                        (16 + random.nextInt(49)) * 1024L, 8,
                        random.nextInt(3) == 0 ? REGIONS[random.nextInt(REGIONS.length)] : null,
                        random.nextInt(4) == 0 ? MODELS.get(random.nextInt(MODELS.size())).vendor() : null,
                        WorkloadClass.TRAINING), 4, 8);
            }
            int placed = 0;
            for (var r : requests) {
                var result = io.computenet.placement.gang.GangPlanner.plan(r, snapshot, racks::get);
                placed += result.isPlaced() ? 1 : 0;
                if (!result.isPlaced() && result.reasons().isEmpty()) {
                    throw new IllegalStateException("a gang refused without reasons: " + r);
                }
            }
            System.err.println("gangs placed: " + placed + " of " + requests.length);
        }
    }

    /** One 4 x 8 gang decision over 10,000 nodes ({@code GangPlanner.plan}); the policy parameter does not apply. */
    @Benchmark
    public io.computenet.placement.gang.GangResult planGang(GangFleet fleet) {
        var r = fleet.requests[fleet.next++ & (fleet.requests.length - 1)];
        return io.computenet.placement.gang.GangPlanner.plan(r, fleet.snapshot, fleet.racks::get);
    }
}
