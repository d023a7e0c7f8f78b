package io.computenet.placement;

import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlannerTest {

    private static final long GIB = 1024;

    private static NodeCapacity node(String id, String region, RegionTier tier, boolean schedulable,
                                     DeviceSlot... devices) {
        return new NodeCapacity(id, "op-demo", region, region + "-1", tier, schedulable, List.of(devices));
    }

    private static DeviceSlot h100(String key, boolean free) {
        return new DeviceSlot(key, Vendor.NVIDIA, "H100 80GB HBM3", 81559, free);
    }

    private static DeviceSlot ascend(String key, boolean free) {
        return new DeviceSlot(key, Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, free);
    }

    private static DeviceSlot mlu(String key, boolean free) {
        return new DeviceSlot(key, Vendor.CAMBRICON, "MLU370-X8", 23374, free);
    }

    @Test
    void placesOnTheSmallestDeviceThatFits() {
        // given
        List<NodeCapacity> nodes = List.of(
                node("n-h100", "east", RegionTier.EAST, true, h100("g0", true)),
                node("n-910", "east", RegionTier.EAST, true, ascend("a0", true)),
                node("n-mlu", "east", RegionTier.EAST, true, mlu("m0", true)));

        // when
        PlacementResult result = Planner.plan(new PlacementRequest(40 * GIB, 1, null, null, WorkloadClass.INFERENCE),
                nodes);

        // then
        assertThat(result.isPlaced()).isTrue();
        assertThat(result.placement().orElseThrow().node().nodeId()).isEqualTo("n-910");
        assertThat(result.placement().orElseThrow().firstDevice().deviceKey()).isEqualTo("a0");
    }

    @ParameterizedTest
    @CsvSource({"INFERENCE,n-east", "TRAINING,n-west", "BATCH,n-west"})
    void prefersTheWorkloadClassRegionTier(WorkloadClass workloadClass, String expectedNode) {
        // given
        List<NodeCapacity> nodes = List.of(
                node("n-east", "cn-east-yrd", RegionTier.EAST, true, h100("e0", true)),
                node("n-west", "cn-west-nm", RegionTier.WEST, true, h100("w0", true)));

        // when
        PlacementResult result = Planner.plan(new PlacementRequest(20 * GIB, 1, null, null, workloadClass), nodes);

        // then
        assertThat(result.placement().orElseThrow().node().nodeId()).isEqualTo(expectedNode);
    }

    @Test
    void honoursRequiredRegionOverTierPreference() {
        // given
        List<NodeCapacity> nodes = List.of(
                node("n-east", "cn-east-yrd", RegionTier.EAST, true, h100("e0", true)),
                node("n-west", "cn-west-nm", RegionTier.WEST, true, h100("w0", true)));

        // when
        PlacementResult result = Planner.plan(
                new PlacementRequest(20 * GIB, 1, "cn-east-yrd", null, WorkloadClass.TRAINING), nodes);

        // then
        assertThat(result.placement().orElseThrow().node().region()).isEqualTo("cn-east-yrd");
    }

    @Test
    void neverUsesAllocatedDevicesOrUnschedulableNodes() {
        // given
        List<NodeCapacity> nodes = List.of(
                node("n-busy", "east", RegionTier.EAST, true, h100("g0", false)),
                node("n-drain", "east", RegionTier.EAST, false, h100("g1", true)),
                node("n-ok", "east", RegionTier.EAST, true, h100("g2", true)));

        // when
        PlacementResult result = Planner.plan(new PlacementRequest(GIB, 1, null, null, null), nodes);

        // then
        assertThat(result.placement().orElseThrow().firstDevice().deviceKey()).isEqualTo("g2");
    }

    @Test
    void keepsAllDevicesOfAMultiDeviceLeaseOnOneNode() {
        // given: two nodes with one free device each, one node with two
        List<NodeCapacity> nodes = List.of(
                node("n-a", "east", RegionTier.EAST, true, h100("a0", true), h100("a1", false)),
                node("n-b", "east", RegionTier.EAST, true, h100("b0", true)),
                node("n-c", "east", RegionTier.EAST, true, h100("c0", true), h100("c1", true)));

        // when
        PlacementResult result = Planner.plan(new PlacementRequest(40 * GIB, 2, null, null, null), nodes);

        // then
        Placement placement = result.placement().orElseThrow();
        assertThat(placement.node().nodeId()).isEqualTo("n-c");
        assertThat(placement.devices()).extracting(DeviceSlot::deviceKey).containsExactly("c0", "c1");
    }

    @Test
    void restrictsToRequestedVendor() {
        // given
        List<NodeCapacity> nodes = List.of(
                node("n-910", "east", RegionTier.EAST, true, ascend("a0", true)),
                node("n-mlu", "east", RegionTier.EAST, true, mlu("m0", true)));

        // when
        PlacementResult result = Planner.plan(new PlacementRequest(8 * GIB, 1, null, Vendor.HUAWEI_ASCEND, null),
                nodes);

        // then
        assertThat(result.placement().orElseThrow().firstDevice().vendor()).isEqualTo(Vendor.HUAWEI_ASCEND);
    }

    @Test
    void explainsRejectionPerRegionWithTheUnmetNeed() {
        // given
        List<NodeCapacity> nodes = List.of(
                node("n-1", "cn-east-yrd", RegionTier.EAST, true, mlu("m0", true)),
                node("n-2", "cn-east-yrd", RegionTier.EAST, false, h100("g0", true)),
                node("n-3", "cn-west-nm", RegionTier.WEST, true, h100("g1", true)));

        // when
        PlacementResult result = Planner.plan(
                new PlacementRequest(40 * GIB, 1, "cn-east-yrd", null, WorkloadClass.INFERENCE), nodes);

        // then
        assertThat(result.isPlaced()).isFalse();
        assertThat(result.reasons()).containsExactly(
                "region cn-east-yrd: none of 1 node(s) has 1 free device(s) with >= 40 GiB on one node",
                "1 node(s) are draining, unhealthy or silent");
    }

    @Test
    void explainsUnknownRegionAndEmptyFleet() {
        assertThat(Planner.plan(new PlacementRequest(GIB, 1, "mars", null, null),
                List.of(node("n", "east", RegionTier.EAST, true, h100("g", true)))).reasons())
                .containsExactly("no nodes in region mars");
        assertThat(Planner.plan(new PlacementRequest(GIB, 1, null, null, null), List.of()).reasons())
                .containsExactly("no nodes are enrolled");
    }

    @Test
    void choosesDeterministicallyAmongEqualNodes() {
        // given
        List<NodeCapacity> nodes = new ArrayList<>();
        for (int i = 9; i >= 0; i--) {
            nodes.add(node("n-" + i, "east", RegionTier.EAST, true, h100("g" + i, true)));
        }

        // when
        PlacementResult result = Planner.plan(new PlacementRequest(GIB, 1, null, null, null), nodes);

        // then
        assertThat(result.placement().orElseThrow().node().nodeId()).isEqualTo("n-0");
    }
}
