package io.computenet.placement;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.slices.DeviceMode;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;
import io.computenet.placement.slices.Devices;
import io.computenet.placement.slices.Fit;
import io.computenet.placement.slices.SliceArithmetic;
import io.computenet.placement.slices.SliceRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapacityIndexTest {

    private static final long GIB = 1024;

    private static NodeCapacity node(String id, String region, RegionTier tier, DeviceSlot... devices) {
        return new NodeCapacity(id, "op-demo", region, region + "-1", tier, true, List.of(devices));
    }

    private static NodeCapacity east(String id, DeviceSlot... devices) {
        return node(id, "cn-east-yrd", RegionTier.EAST, devices);
    }

    private static DeviceSlot empty(String key, DeviceShape shape) {
        return DeviceSlot.sliceable(key, DeviceState.empty(shape));
    }

    private static DeviceSlot with(String key, DeviceShape shape, SliceRequest... held) {
        DeviceState state = DeviceState.empty(shape);
        int i = 0;
        for (SliceRequest r : held) {
            state = ((Fit.Placed) SliceArithmetic.fit(state, r, key + "-lease-" + i++)).state();
        }
        return DeviceSlot.sliceable(key, state);
    }

    private static DeviceSlot h100(String key, boolean free) {
        return new DeviceSlot(key, Vendor.NVIDIA, "H100 80GB HBM3", 81559, free);
    }

    private static PlacementRequest shared(long memoryGiB, Integer computePct) {
        return new PlacementRequest(memoryGiB * GIB, 1, null, null, WorkloadClass.INFERENCE, computePct, null, null,
                Sharing.SHARED);
    }

    private static PlacementRequest isolated(long memoryGiB) {
        return new PlacementRequest(memoryGiB * GIB, 1, null, null, WorkloadClass.INFERENCE, null, null, null,
                Sharing.ISOLATED);
    }

    private static Placement placed(CapacityIndex index, PlacementRequest request) {
        PlacementResult result = index.plan(request);
        assertThat(result.reasons()).isEmpty();
        assertThat(result).isEqualTo(Planner.plan(request, index.snapshot()));
        return result.placement().orElseThrow();
    }

    @Test
    void packsASliceOntoThePartlyUsedDeviceWithTheLowestNodeIdBeforeAnyEmptyDevice() {
        // given empty H100s on the lowest node ids and two H100s in MIG mode further on
        CapacityIndex index = new CapacityIndex(List.of(
                east("n-1", empty("g0", Devices.h100())),
                east("n-3", with("g0", Devices.h100(), SliceRequest.mig("3g.40gb"))),
                east("n-2", with("g1", Devices.h100(), SliceRequest.mig("3g.40gb")), empty("g0", Devices.h100()))));

        // when an isolated 10 GiB slice is asked for
        Placement p = placed(index, isolated(10));

        // then it goes next to the slice already on n-2, as the planner would place it
        assertThat(p.node().nodeId()).isEqualTo("n-2");
        assertThat(p.firstDevice().deviceKey()).isEqualTo("g1");
        assertThat(p.slice().allocation().profile()).isEqualTo("1g.20gb");
    }

    @Test
    void prefersTheWorkloadsTierOverAPartlyUsedDeviceInTheOtherTier() {
        // given a partly used H100 in a west hub and an empty one in an east hub
        CapacityIndex index = new CapacityIndex(List.of(
                node("n-west", "cn-west-nm", RegionTier.WEST, with("g0", Devices.h100(), SliceRequest.soft(GIB, 5))),
                east("n-east", empty("g0", Devices.h100()))));

        // when inference (east) and batch (west) ask for the same slice
        Placement inference = placed(index, shared(8, null));
        Placement batch = placed(index, new PlacementRequest(8 * GIB, 1, null, null, WorkloadClass.BATCH, null, null,
                null, Sharing.SHARED));

        // then each gets its own tier
        assertThat(inference.node().nodeId()).isEqualTo("n-east");
        assertThat(batch.node().nodeId()).isEqualTo("n-west");
    }

    @Test
    void aBookedSliceIsSeenByTheNextPlacementAndItsReleaseFreesTheDeviceForWholeRequests() {
        // given one empty H100
        CapacityIndex index = new CapacityIndex(List.of(east("n-1", empty("g0", Devices.h100()))));
        PlacementRequest whole = new PlacementRequest(70 * GIB, 1, null, null, WorkloadClass.INFERENCE);

        // when a 4g.40gb slice is booked on it and the index told
        Placement slice = placed(index, new PlacementRequest(GIB, 1, null, null, WorkloadClass.INFERENCE, null, null,
                "4g.40gb", Sharing.ISOLATED));
        DeviceState booked = ((Fit.Placed) SliceArithmetic.fit(slice.firstDevice().slices(),
                slice.slice().request(), "lease-1")).state();
        index.replaceDevice("n-1", DeviceSlot.sliceable("g0", booked));

        // then another 4g.40gb no longer fits, nor does a whole-device lease
        assertThat(index.plan(new PlacementRequest(GIB, 1, null, null, WorkloadClass.INFERENCE, null, null,
                "4g.40gb", Sharing.ISOLATED)).isPlaced()).isFalse();
        assertThat(index.plan(whole).isPlaced()).isFalse();

        // and when the slice is released the whole device is offered again
        index.replaceDevice("n-1", DeviceSlot.sliceable("g0", SliceArithmetic.release(booked, "lease-1")));
        assertThat(placed(index, whole).firstDevice().deviceKey()).isEqualTo("g0");
    }

    @Test
    void aShareNeedsComputeLeftNotOnlyMemory() {
        // given n-1's H100 with plenty of memory but 95 % of its compute in soft shares, and an H100 with room on n-2
        CapacityIndex index = new CapacityIndex(List.of(
                east("n-1", with("g0", Devices.h100(), SliceRequest.soft(GIB, 95))),
                east("n-2", with("g0", Devices.h100(), SliceRequest.soft(40 * GIB, 50)))));

        // when a share with 10 % compute is asked for
        Placement p = placed(index, shared(4, 10));

        // then the device with compute left gets it
        assertThat(p.node().nodeId()).isEqualTo("n-2");
        assertThat(p.slice().mode()).isEqualTo(DeviceMode.SOFT);
    }

    @Test
    void wholeDeviceRequestsTakeTheLeastWastefulModelThenTheLowestNodeId() {
        // given two H100 nodes and a node of 48 GiB devices, all with two free devices
        DeviceSlot l40s0 = new DeviceSlot("l0", Vendor.NVIDIA, "L40S", 46068, true);
        DeviceSlot l40s1 = new DeviceSlot("l1", Vendor.NVIDIA, "L40S", 46068, true);
        CapacityIndex index = new CapacityIndex(List.of(
                east("n-9", h100("g0", true), h100("g1", true), h100("g2", false)),
                east("n-5", h100("g0", false), h100("g1", true), h100("g2", true)),
                east("n-7", l40s0, l40s1)));

        // when two 40 GiB devices and then two 60 GiB devices are asked for
        Placement small = placed(index, new PlacementRequest(40 * GIB, 2, null, null, WorkloadClass.INFERENCE));
        Placement large = placed(index, new PlacementRequest(60 * GIB, 2, null, null, WorkloadClass.INFERENCE));

        // then the small request fits the L40S best, and the large one goes to the lower node id of the H100s
        assertThat(small.node().nodeId()).isEqualTo("n-7");
        assertThat(large.node().nodeId()).isEqualTo("n-5");
        assertThat(large.devices()).extracting(DeviceSlot::deviceKey).containsExactly("g1", "g2");
    }

    @Test
    void aNodeOfMixedModelsIsWeighedAsThePlannerWeighsIt() {
        // given a node with an H100 and an Ascend 910B3, both free, and a node of two busy H100s
        CapacityIndex index = new CapacityIndex(List.of(
                east("n-1", h100("g0", true), new DeviceSlot("a0", Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, true)),
                east("n-2", h100("g0", false), h100("g1", false))));

        // when two devices are asked for
        Placement p = placed(index, new PlacementRequest(30 * GIB, 2, null, null, WorkloadClass.INFERENCE));

        // then the mixed node serves it, smallest devices first
        assertThat(p.node().nodeId()).isEqualTo("n-1");
        assertThat(p.devices()).extracting(DeviceSlot::deviceKey).containsExactly("a0", "g0");
    }

    @Test
    void aDrainingNodeIsSkippedAndCountedInTheReasons() {
        // given one node, drained
        CapacityIndex index = new CapacityIndex(List.of(east("n-1", empty("g0", Devices.h100()))));
        index.setSchedulable("n-1", false);

        // when a slice is asked for
        PlacementResult result = index.plan(shared(8, null));

        // then it is refused with the planner's reasons
        assertThat(result.isPlaced()).isFalse();
        assertThat(result.reasons()).containsExactly("1 node(s) are draining, unhealthy or silent");
        assertThat(result).isEqualTo(Planner.plan(shared(8, null), index.snapshot()));

        // and once schedulable again it serves
        index.setSchedulable("n-1", true);
        assertThat(placed(index, shared(8, null)).node().nodeId()).isEqualTo("n-1");
    }

    @Test
    void refusesWithThePlannersReasonsPerRegion() {
        // given a busy east node and a busy west node
        CapacityIndex index = new CapacityIndex(List.of(
                east("n-1", h100("g0", false)),
                node("n-2", "cn-west-nm", RegionTier.WEST, h100("g0", false))));
        PlacementRequest anywhere = new PlacementRequest(8 * GIB, 1, null, null, WorkloadClass.INFERENCE);
        PlacementRequest mars = new PlacementRequest(8 * GIB, 1, "mars", null, WorkloadClass.INFERENCE);

        // when requests for anywhere and for an unknown region are refused
        // then the reasons are the planner's, region by region
        assertThat(index.plan(anywhere).reasons()).containsExactly(
                "region cn-east-yrd: none of 1 node(s) has 1 free device(s) with >= 8 GiB on one node",
                "region cn-west-nm: none of 1 node(s) has 1 free device(s) with >= 8 GiB on one node");
        assertThat(index.plan(mars).reasons()).containsExactly("no nodes in region mars");
        assertThat(new CapacityIndex(List.of()).plan(anywhere).reasons()).containsExactly("no nodes are enrolled");
    }

    @Test
    void addedReplacedAndRemovedNodesAreSeenByTheNextPlacement() {
        // given one busy node
        CapacityIndex index = new CapacityIndex(List.of(east("n-1", h100("g0", false))));
        PlacementRequest one = new PlacementRequest(8 * GIB, 1, null, null, WorkloadClass.INFERENCE);
        assertThat(index.plan(one).isPlaced()).isFalse();

        // when a node is enrolled, then re-reported with its device taken, then the first node's device frees
        index.putNode(east("n-2", h100("g0", true)));
        assertThat(placed(index, one).node().nodeId()).isEqualTo("n-2");
        index.putNode(east("n-2", h100("g0", false)));
        assertThat(index.plan(one).isPlaced()).isFalse();
        index.putNode(east("n-1", h100("g0", true)));

        // then placements follow, and a removed node is gone
        assertThat(placed(index, one).node().nodeId()).isEqualTo("n-1");
        assertThat(index.removeNode("n-1")).isTrue();
        assertThat(index.removeNode("n-1")).isFalse();
        assertThat(index.plan(one).isPlaced()).isFalse();
        assertThat(index.snapshot()).extracting(NodeCapacity::nodeId).containsExactly("n-2");
    }

    @Test
    void rejectsDuplicateNodesAndDevicesAndUnknownOnes() {
        NodeCapacity n1 = east("n-1", h100("g0", true));

        assertThatThrownBy(() -> new CapacityIndex(List.of(n1, n1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n-1 appears twice");
        assertThatThrownBy(() -> new CapacityIndex(List.of(east("n-2", h100("g0", true), h100("g0", false)))))
                .hasMessageContaining("device g0 twice");
        CapacityIndex index = new CapacityIndex(List.of(n1));
        assertThatThrownBy(() -> index.replaceDevice("n-1", h100("g9", true))).hasMessageContaining("no device g9");
        assertThatThrownBy(() -> index.setSchedulable("n-9", false)).hasMessageContaining("no node n-9");
        assertThatThrownBy(() -> index.putNode(new NodeCapacity("n-3", "op", null, null, RegionTier.EAST, true,
                List.of()))).hasMessageContaining("needs a region");
    }
}
