package io.computenet.placement;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.policy.ModelConstraint;
import io.computenet.placement.policy.TaskShape;
import io.computenet.placement.policy.TypicalTasks;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;
import io.computenet.placement.slices.Devices;
import io.computenet.placement.slices.Fit;
import io.computenet.placement.slices.SliceArithmetic;
import io.computenet.placement.slices.SliceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Per-cluster placement policies: binpack, spread and the FGD family, ranked inside the planner. */
class ClusterPolicyPlanningTest {

    private static final long GIB = 1024;
    private static final long H100_MIB = Devices.h100().memoryMiB();

    private static NodeCapacity node(String id, String cluster, RegionTier tier, DeviceSlot... devices) {
        return new NodeCapacity(id, "op-demo", tier == RegionTier.EAST ? "cn-east-yrd" : "cn-west-nm", cluster, tier,
                true, List.of(devices));
    }

    private static NodeCapacity node(String id, DeviceSlot... devices) {
        return node(id, "yrd-1", RegionTier.EAST, devices);
    }

    private static DeviceSlot empty(String key) {
        return DeviceSlot.sliceable(key, DeviceState.empty(Devices.h100()));
    }

    private static DeviceSlot held(String key) {
        return empty(key).withFree(false);
    }

    /** An H100 holding one soft share of {@code memoryMiB} and {@code pct} % compute. */
    private static DeviceSlot softShare(String key, long memoryMiB, int pct) {
        DeviceShape shape = Devices.h100();
        Fit fit = SliceArithmetic.fit(DeviceState.empty(shape), new SliceRequest.Share(SliceKind.SOFT, memoryMiB, pct),
                "lease-" + key);
        return DeviceSlot.sliceable(key, ((Fit.Placed) fit).state());
    }

    private static PlacementRequest share(long memoryGiB) {
        return new PlacementRequest(memoryGiB * GIB, 1, null, null, WorkloadClass.INFERENCE, null, null, null,
                Sharing.SHARED);
    }

    private static PlacementRequest whole(int devices) {
        return new PlacementRequest(40 * GIB, devices, null, null, WorkloadClass.INFERENCE);
    }

    private static Placement placed(PlacementRequest request, ClusterPolicy policy, NodeCapacity... nodes) {
        PlacementResult result = Planner.plan(request, List.of(nodes), PolicyChoice.everywhere(policy));
        assertThat(result.reasons()).isEmpty();
        return result.placement().orElseThrow();
    }

    /** A mix of one typical task: half a GPU. */
    private static final TypicalTasks HALVES = new TypicalTasks(
            List.of(new TaskShape(0, 500, 1, ModelConstraint.ANY)), List.of(1.0));

    @Test
    void theCpuAwareMeasureWeighsTheHostCpuEachNodeHasLeft() {
        // given: a mix of half-GPU tasks that need 8 CPUs each, two nodes of two empty H100s, a half-GPU request for 8
        ClusterPolicy policy = ClusterPolicy.named("fgd-cpu-aware", new TypicalTasks(
                List.of(new TaskShape(8000, 500, 1, ModelConstraint.ANY)), List.of(1.0)));
        PlacementRequest request = new PlacementRequest(40 * GIB, 1, null, null, WorkloadClass.INFERENCE, null, null,
                null, Sharing.SHARED, null, 8);
        NodeCapacity a = node("a", empty("g0"), empty("g1"));
        NodeCapacity b = node("b", empty("g0"), empty("g1"));

        // when: hosts not reported (never short of CPU), then a with 16 CPUs left and b with only 4
        Placement unknown = placed(request, policy, a, b);
        Placement reported = placed(request, policy, withHost(a, 16), withHost(b, 4));

        // then: alike, the node id decides. Reported: a's 16 CPUs feed a half on each of its GPUs, and taking 8 of
        // them leaves a GPU half its CPU can no longer feed (a grows by 500 milli of fragment); b's 4 CPUs feed no
        // task of the mix at all, so the half costs nothing feedable there
        assertThat(unknown.node().nodeId()).isEqualTo("a");
        assertThat(reported.node().nodeId()).isEqualTo("b");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fgd-cpu-aware", "fgd-cpu-aware-learned", "fgd"})
    void fgdLeavesOutANodeWithLessHostMemoryLeftThanTheRequestNames(String name) {
        // given two equal nodes, a with 64 GiB of host memory left and b with 512 GiB
        ClusterPolicy policy = ClusterPolicy.named(name);
        NodeCapacity a = withHost(node("a", empty("g0"), empty("g1")), 96, 64 * GIB);
        NodeCapacity b = withHost(node("b", empty("g0"), empty("g1")), 96, 512 * GIB);
        PlacementRequest request = new PlacementRequest(40 * GIB, 1, null, null, WorkloadClass.INFERENCE, null, null,
                null, Sharing.SHARED, null, null, 128 * GIB);
        PlacementRequest unnamed = new PlacementRequest(40 * GIB, 1, null, null, WorkloadClass.INFERENCE, null, null,
                null, Sharing.SHARED, null, null);

        // when the request names 128 GiB of host memory, and when it names none
        Placement named = placed(request, policy, a, b);
        Placement none = placed(unnamed, policy, a, b);

        // then FGD places it on b, where the memory is; without a need a wins the tie by its id; binpack ignores it
        assertThat(named.node().nodeId()).isEqualTo("b");
        assertThat(none.node().nodeId()).isEqualTo("a");
        assertThat(placed(request, ClusterPolicy.BINPACK, a, b).node().nodeId()).isEqualTo("a");
    }

    private static NodeCapacity withHost(NodeCapacity n, long cpus, long memoryMiB) {
        return new NodeCapacity(n.nodeId(), n.operatorId(), n.region(), n.cluster(), n.tier(), n.schedulable(),
                n.devices(), new NodeCapacity.Host(cpus * 1000, memoryMiB));
    }

    private static NodeCapacity withHost(NodeCapacity n, long cpus) {
        return new NodeCapacity(n.nodeId(), n.operatorId(), n.region(), n.cluster(), n.tier(), n.schedulable(),
                n.devices(), new NodeCapacity.Host(cpus * 1000, 512 * GIB));
    }

    @Test
    void binpackPutsASliceNextToAnotherWhileSpreadTakesAnEmptyDeviceOnTheFreerNode() {
        // given n1 with a device already holding a share and an empty one, n2 with two empty devices
        NodeCapacity n1 = node("n1", softShare("a0", 10 * GIB, 13), empty("a1"));
        NodeCapacity n2 = node("n2", empty("b0"), empty("b1"));

        // when a small share is placed under each policy
        Placement binpack = placed(share(8), ClusterPolicy.BINPACK, n1, n2);
        Placement spread = placed(share(8), ClusterPolicy.SPREAD, n1, n2);

        // then binpack packs onto the used device, spread uses an empty device of the least used node
        assertThat(binpack.node().nodeId()).isEqualTo("n1");
        assertThat(binpack.firstDevice().deviceKey()).isEqualTo("a0");
        assertThat(spread.node().nodeId()).isEqualTo("n2");
        assertThat(spread.firstDevice().deviceKey()).isEqualTo("b0");
    }

    @Test
    void spreadPrefersAnEmptyDeviceEvenOnABusierNode() {
        // given n1: one empty device and one held whole; n2: two devices both holding shares (more memory free)
        NodeCapacity n1 = node("n1", empty("a0"), held("a1"));
        NodeCapacity n2 = node("n2", softShare("b0", 8 * GIB, 10), softShare("b1", 8 * GIB, 10));

        // when a small share is placed with spread
        Placement p = placed(share(8), ClusterPolicy.SPREAD, n1, n2);

        // then it gets a device of its own
        assertThat(p.firstDevice().deviceKey()).isEqualTo("a0");
    }

    @Test
    void binpackTakesWholeDevicesOnTheBusierNodeAndSpreadOnTheEmptierOne() {
        // given n1 with two of four devices held, n2 with all four free (same model: same waste)
        NodeCapacity n1 = node("n1", held("a0"), held("a1"), empty("a2"), empty("a3"));
        NodeCapacity n2 = node("n2", empty("b0"), empty("b1"), empty("b2"), empty("b3"));

        // when one whole device is placed under each policy
        Placement binpack = placed(whole(1), ClusterPolicy.BINPACK, n1, n2);
        Placement spread = placed(whole(1), ClusterPolicy.SPREAD, n1, n2);

        // then
        assertThat(binpack.node().nodeId()).isEqualTo("n1");
        assertThat(spread.node().nodeId()).isEqualTo("n2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spread", "fgd", "fgd-cpu-aware", "binpack"})
    void aMultiDeviceLeaseStaysOnOneNodeUnderEveryPolicy(String name) {
        // given two nodes with one free device each, and a third with two
        NodeCapacity n1 = node("n1", empty("a0"), held("a1"));
        NodeCapacity n2 = node("n2", held("b0"), empty("b1"));
        NodeCapacity n3 = node("n3", held("c0"), empty("c1"), empty("c2"));

        // when two devices are asked for
        Placement p = placed(whole(2), ClusterPolicy.named(name), n1, n2, n3);

        // then both are on the one node that has two
        assertThat(p.node().nodeId()).isEqualTo("n3");
        assertThat(p.devices()).extracting(DeviceSlot::deviceKey).containsExactly("c1", "c2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spread", "fgd", "fgd-cpu-aware", "binpack"})
    void theRegionTierComesFirstForEveryPolicy(String name) {
        // given an almost full east node (the inference tier) and an empty west node
        NodeCapacity east = node("e1", "yrd-1", RegionTier.EAST, softShare("a0", 60 * GIB, 75), held("a1"));
        NodeCapacity west = node("w1", "nm-1", RegionTier.WEST, empty("b0"), empty("b1"));

        // when an inference share and a one-device lease are placed
        Placement slice = placed(share(8), ClusterPolicy.named(name), west, east);
        Placement whole = placed(new PlacementRequest(40 * GIB, 1, null, null, WorkloadClass.INFERENCE),
                ClusterPolicy.named(name), west, node("e2", "yrd-1", RegionTier.EAST, held("c0"), empty("c1")));

        // then both stay in the east whatever the policy would say about the west
        assertThat(slice.node().nodeId()).isEqualTo("e1");
        assertThat(whole.node().nodeId()).isEqualTo("e2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fgd", "fgd-cpu-aware"})
    void fgdPutsAShareWhereItLeavesTheLeastUnusableRemainder(String name) {
        // given typical tasks of half a GPU; n-a's device has 70 % free, n-b's exactly 50 %
        NodeCapacity a = node("n-a", softShare("a0", H100_MIB - 57_092, 30));
        NodeCapacity b = node("n-b", softShare("b0", H100_MIB - 40_780, 50));
        PlacementRequest request = share(16); // 21 % of an H100: 210 milli

        // when placed by binpack and by FGD
        Placement binpack = placed(request, ClusterPolicy.BINPACK, a, b);
        Placement fgd = placed(request, ClusterPolicy.named(name, HALVES), a, b);

        // then binpack ties on waste and takes the first node; FGD sees that on n-a the share turns 700 milli that a
        // half-GPU task could use into 490 it cannot (F 0 -> 490), on n-b 500 into 290 (F 0 -> 290): n-b
        assertThat(binpack.node().nodeId()).isEqualTo("n-a");
        assertThat(fgd.node().nodeId()).isEqualTo("n-b");
        assertThat(PolicyNodes.freeMilli(a.devices().get(0))).isEqualTo(700);
        assertThat(PolicyNodes.freeMilli(b.devices().get(0))).isEqualTo(500);
    }

    @Test
    void fgdKeepsWholeDevicesForWholeTasksByFillingTheNodeThatIsAlreadyBroken() {
        // given typical tasks of one whole GPU; n-a has two free devices, n-b one free and one half used
        TypicalTasks wholeOnes = new TypicalTasks(List.of(new TaskShape(0, 1000, 1, ModelConstraint.ANY)),
                List.of(1.0));
        NodeCapacity a = node("n-a", empty("a0"), empty("a1"));
        NodeCapacity b = node("n-b", softShare("b0", H100_MIB / 2, 50), empty("b1"));

        // when a small share is placed by FGD
        Placement p = placed(share(8), ClusterPolicy.named("fgd", wholeOnes), a, b);

        // then it goes onto the half-used device (its remainder was already fragment), not an empty one
        assertThat(p.firstDevice().deviceKey()).isEqualTo("b0");
    }

    @Test
    void eachClusterIsRankedByItsOwnPolicy() {
        // given the same layout in two regions, one cluster spreading and one binpacking
        PolicyChoice choice = PolicyChoice.of(ClusterPolicy.BINPACK, Map.of("spread-1", ClusterPolicy.SPREAD));
        List<NodeCapacity> nodes = List.of(
                node("s1", "spread-1", RegionTier.EAST, softShare("a0", 10 * GIB, 13), empty("a1")),
                node("s2", "spread-1", RegionTier.EAST, empty("b0"), empty("b1")),
                new NodeCapacity("p1", "op-demo", "cn-west-nm", "pack-1", RegionTier.WEST, true,
                        List.of(softShare("c0", 10 * GIB, 13), empty("c1"))),
                new NodeCapacity("p2", "op-demo", "cn-west-nm", "pack-1", RegionTier.WEST, true,
                        List.of(empty("d0"), empty("d1"))));

        // when a small share is asked for in each region
        Placement inSpread = Planner.plan(new PlacementRequest(8 * GIB, 1, "cn-east-yrd", null,
                WorkloadClass.INFERENCE, null, null, null, Sharing.SHARED), nodes, choice).placement().orElseThrow();
        Placement inPack = Planner.plan(new PlacementRequest(8 * GIB, 1, "cn-west-nm", null,
                WorkloadClass.INFERENCE, null, null, null, Sharing.SHARED), nodes, choice).placement().orElseThrow();

        // then
        assertThat(inSpread.node().nodeId()).isEqualTo("s2");
        assertThat(inPack.node().nodeId()).isEqualTo("p1");
    }

    @Test
    void anUnknownPolicyNameIsRefusedNamingTheValidOnes() {
        assertThatThrownBy(() -> ClusterPolicy.named("tetris"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tetris'")
                .hasMessageContaining("binpack").hasMessageContaining("spread").hasMessageContaining("fgd")
                .hasMessageContaining("fgd-cpu-aware");
        assertThatThrownBy(() -> ClusterPolicy.named("best-fit")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void policyNamesAreReadInAnyCase() {
        assertThat(ClusterPolicy.named(" Spread ")).isSameAs(ClusterPolicy.SPREAD);
        assertThat(ClusterPolicy.named("FGD-CPU-AWARE").name()).isEqualTo("fgd-cpu-aware");
        assertThat(ClusterPolicy.names()).startsWith("binpack", "spread").contains("fgd", "fgd-cpu-aware");
    }

    @Test
    void aLeaseIsCountedInTheMixAsItsBilledShareOrItsWholeDevices() {
        // the default host CPU: 8 per device, a share in proportion (8000 x 0.2464 = 1971.2, rounded up)
        assertThat(ClusterPolicy.leaseShape(1, new BigDecimal("0.2464"), null))
                .isEqualTo(new TaskShape(1972, 247, 1, ModelConstraint.ANY));
        assertThat(ClusterPolicy.leaseShape(4, BigDecimal.ONE, "H100 80GB HBM3"))
                .isEqualTo(new TaskShape(32_000, 1000, 4, ModelConstraint.parse("h100 80gb hbm3")));
        assertThat(ClusterPolicy.leaseShape(1, BigDecimal.ONE, " ")).isEqualTo(
                new TaskShape(8000, 1000, 1, ModelConstraint.ANY));
        assertThat(ClusterPolicy.leaseShape(1, new BigDecimal("0.5"), null, 3000))
                .isEqualTo(new TaskShape(3000, 500, 1, ModelConstraint.ANY));
        assertThat(ClusterPolicy.hostCpuMilli(12, 8, null)).isEqualTo(12_000);
        assertThat(ClusterPolicy.mixOf(List.of())).isEqualTo(ClusterPolicy.FALLBACK_MIX);
        assertThat(ClusterPolicy.FALLBACK_MIX.probabilities().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aDeviceIsSeenByPoliciesAsItsFreeShare() {
        assertThat(PolicyNodes.freeMilli(empty("g0"))).isEqualTo(1000);
        assertThat(PolicyNodes.freeMilli(held("g0"))).isEqualTo(0);
        assertThat(PolicyNodes.freeMilli(new DeviceSlot("g0", Vendor.NVIDIA, "L40S", 46068, false))).isZero();
        // a soft share of 25 % compute and a tenth of the memory: compute is what runs out, 750 milli left
        assertThat(PolicyNodes.freeMilli(softShare("g0", H100_MIB / 10, 25))).isEqualTo(750);
    }

    /**
     * Random fleets evolving under each policy: every policy places exactly when binpack does (the same feasibility,
     * the same reasons), and binpack through the per-cluster scan answers exactly as {@link Planner#plan}.
     */
    @ParameterizedTest(name = "seed {0}, {1}")
    @CsvSource({"11, binpack", "12, spread", "13, fgd", "14, fgd-cpu-aware", "15, fgd-waste-0.5"})
    void everyPolicyPlacesWhenAndOnlyWhenBinpackDoes(long seed, String name) {
        RandomFleets fleets = new RandomFleets(seed, 9);
        Random random = fleets.random();
        List<NodeCapacity> snapshot = new ArrayList<>(fleets.fleet(60));
        PolicyChoice policy = PolicyChoice.of(ClusterPolicy.named(name), Map.of());
        List<RandomFleets.Lease> leases = new ArrayList<>();
        int placed = 0;
        for (int step = 0; step < 1500; step++) {
            if (random.nextInt(100) < 65 || leases.isEmpty()) {
                PlacementRequest request = fleets.request();
                PlacementResult binpack = Planner.plan(request, snapshot);
                PlacementResult result = Planner.plan(request, snapshot, policy);
                assertThat(result.isPlaced()).as("step %d: %s", step, request).isEqualTo(binpack.isPlaced());
                assertThat(result.reasons()).isEqualTo(binpack.reasons());
                if (name.equals("binpack")) {
                    assertThat(result).isEqualTo(binpack);
                }
                if (result.placement().isPresent()) {
                    Placement p = result.placement().get();
                    assertThat(p.devices()).hasSize(request.deviceCount());
                    if (binpack.isPlaced()) {
                        assertThat(Ranking.tierPenalty(p.node().tier(), request))
                                .isEqualTo(Ranking.tierPenalty(binpack.placement().get().node().tier(), request));
                    }
                    RandomFleets.Booking booking = fleets.book(p);
                    snapshot = NodeCapacity.withDevices(snapshot, booking.lease().nodeId(), booking.devices());
                    leases.add(booking.lease());
                    placed++;
                }
            } else {
                RandomFleets.Lease lease = leases.remove(random.nextInt(leases.size()));
                NodeCapacity node = snapshot.stream().filter(n -> n.nodeId().equals(lease.nodeId())).findFirst()
                        .orElseThrow();
                snapshot = NodeCapacity.withDevices(snapshot, lease.nodeId(), RandomFleets.release(lease, node));
            }
        }
        assertThat(placed).isGreaterThan(100);
    }
}
