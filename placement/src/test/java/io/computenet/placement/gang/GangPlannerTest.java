package io.computenet.placement.gang;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.RegionTier;
import io.computenet.placement.WorkloadClass;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GangPlannerTest {

    private static final long GIB = 1024;
    private static final String H100 = "H100 80GB HBM3";

    private static NodeCapacity node(String id, String cluster, int free, int held) {
        return node(id, cluster, H100, free, held);
    }

    private static NodeCapacity node(String id, String cluster, String model, int free, int held) {
        List<DeviceSlot> devices = new ArrayList<>();
        IntStream.range(0, free + held).forEach(i -> devices.add(new DeviceSlot("d" + i, Vendor.NVIDIA, model,
                81559, i < free)));
        return new NodeCapacity(id, "op-demo", "cn-east-yrd", cluster, RegionTier.EAST, true, devices);
    }

    private static GangRequest gang(int nodes, int devicesPerNode) {
        return GangRequest.of(new PlacementRequest(40 * GIB, 1, "cn-east-yrd", null, WorkloadClass.TRAINING),
                nodes, devicesPerNode);
    }

    private static List<String> nodeIds(GangResult result) {
        return result.placement().orElseThrow().members().stream().map(p -> p.node().nodeId()).toList();
    }

    @Test
    void placesEveryNodeOfTheGangInOneCluster() {
        // given: two clusters with two free 8-device nodes each... but only one cluster has three
        List<NodeCapacity> nodes = List.of(node("a1", "wuhu-1", 8, 0), node("a2", "wuhu-1", 8, 0),
                node("b1", "hefei-1", 8, 0), node("b2", "hefei-1", 8, 0), node("b3", "hefei-1", 8, 0));

        // when
        GangResult result = GangPlanner.plan(gang(3, 8), nodes, id -> null);

        // then
        assertThat(result.isPlaced()).isTrue();
        assertThat(nodeIds(result)).containsExactly("b1", "b2", "b3");
        assertThat(result.placement().orElseThrow().members()).allSatisfy(m -> assertThat(m.devices()).hasSize(8));
        assertThat(result.placement().orElseThrow().totalDevices()).isEqualTo(24);
    }

    @Test
    void placesNothingWhenOneNodeIsMissingAndSaysHowManyFit() {
        // given: three nodes, one of them with only 7 free devices
        List<NodeCapacity> nodes = List.of(node("a1", "wuhu-1", 8, 0), node("a2", "wuhu-1", 8, 0),
                node("a3", "wuhu-1", 7, 1));

        // when
        GangResult result = GangPlanner.plan(gang(3, 8), nodes, id -> null);

        // then
        assertThat(result.isPlaced()).isFalse();
        assertThat(result.mostNodesFitting()).isEqualTo(2);
        assertThat(result.reasons()).first().asString()
                .contains("gang of 3 node(s) x 8 device(s)", "at most 2 node(s) in one cluster",
                        "1 more node(s) missing");
        assertThat(result.reasons()).anySatisfy(r -> assertThat(r).contains("cluster wuhu-1", "2 of 3 node(s)"));
    }

    @Test
    void neverSpreadsAGangOverTwoClusters() {
        // given: enough nodes in total, but split over two clusters
        List<NodeCapacity> nodes = List.of(node("a1", "wuhu-1", 8, 0), node("b1", "hefei-1", 8, 0));

        // when
        GangResult result = GangPlanner.plan(gang(2, 8), nodes, id -> null);

        // then
        assertThat(result.isPlaced()).isFalse();
        assertThat(result.mostNodesFitting()).isEqualTo(1);
    }

    @Test
    void neverMixesDeviceModelsAcrossTheGang() {
        // given: one cluster, two nodes of different models
        List<NodeCapacity> nodes = List.of(node("a1", "wuhu-1", H100, 8, 0),
                node("a2", "wuhu-1", "A100-SXM4-80GB", 8, 0));

        // when
        GangResult result = GangPlanner.plan(gang(2, 8), nodes, id -> null);

        // then
        assertThat(result.isPlaced()).isFalse();
    }

    @Test
    void prefersNodesThatShareATopologyLabel() {
        // given: rack-a holds two nodes, rack-b one, and the unlabelled node wastes least in id order
        List<NodeCapacity> nodes = List.of(node("n0", "wuhu-1", 8, 0), node("n1", "wuhu-1", 8, 0),
                node("n2", "wuhu-1", 8, 0), node("n3", "wuhu-1", 8, 0));
        Map<String, String> racks = Map.of("n1", "rack-b", "n2", "rack-a", "n3", "rack-a");

        // when
        GangResult result = GangPlanner.plan(gang(2, 8), nodes, racks::get);

        // then
        assertThat(nodeIds(result)).containsExactly("n2", "n3");
        assertThat(result.placement().orElseThrow().topologies()).containsExactly("rack-a");
        assertThat(result.placement().orElseThrow().oneTopology()).isTrue();
    }

    @Test
    void takesTheSmallestRackThatHoldsTheWholeGang() {
        // given: rack-big has four nodes, rack-small two
        List<NodeCapacity> nodes = List.of(node("b1", "wuhu-1", 8, 0), node("b2", "wuhu-1", 8, 0),
                node("b3", "wuhu-1", 8, 0), node("b4", "wuhu-1", 8, 0), node("s1", "wuhu-1", 8, 0),
                node("s2", "wuhu-1", 8, 0));

        // when
        GangResult result = GangPlanner.plan(gang(2, 8), nodes, id -> id.startsWith("b") ? "rack-big" : "rack-small");

        // then
        assertThat(nodeIds(result)).containsExactly("s1", "s2");
    }

    @Test
    void fillsTheLargestRacksFirstWhenNoRackHoldsTheGang() {
        // given: racks of 2, 1 and 1 nodes, a gang of 3
        List<NodeCapacity> nodes = List.of(node("a1", "wuhu-1", 8, 0), node("b1", "wuhu-1", 8, 0),
                node("b2", "wuhu-1", 8, 0), node("c1", "wuhu-1", 8, 0));
        Map<String, String> racks = Map.of("a1", "rack-a", "b1", "rack-b", "b2", "rack-b", "c1", "rack-c");

        // when
        GangResult result = GangPlanner.plan(gang(3, 8), nodes, racks::get);

        // then
        assertThat(nodeIds(result)).containsExactly("b1", "b2", "a1");
        assertThat(result.placement().orElseThrow().topologies()).containsExactly("rack-b", "rack-a");
        assertThat(result.placement().orElseThrow().oneTopology()).isFalse();
    }

    @Test
    void prefersAClusterWhereTheGangSharesARackOverOneWhereItSpreads() {
        // given: cluster wuhu-1 has its two nodes on two racks, hefei-1 on one
        List<NodeCapacity> nodes = List.of(node("a1", "wuhu-1", 8, 0), node("a2", "wuhu-1", 8, 0),
                node("b1", "hefei-1", 8, 0), node("b2", "hefei-1", 8, 0));
        Map<String, String> racks = Map.of("a1", "r1", "a2", "r2", "b1", "r3", "b2", "r3");

        // when
        GangResult result = GangPlanner.plan(gang(2, 8), nodes, racks::get);

        // then
        assertThat(nodeIds(result)).containsExactly("b1", "b2");
    }

    @Test
    void leavesOutUnschedulableNodesAndSaysSo() {
        // given
        List<NodeCapacity> nodes = List.of(node("a1", "wuhu-1", 8, 0), node("a2", "wuhu-1", 8, 0)
                .withSchedulable(false));

        // when
        GangResult result = GangPlanner.plan(gang(2, 8), nodes, id -> null);

        // then
        assertThat(result.isPlaced()).isFalse();
        assertThat(result.reasons()).contains("1 node(s) are draining, unhealthy or silent");
    }

    @Test
    void takesOnlyTheDevicesAskedForOnEachNode() {
        // given
        List<NodeCapacity> nodes = List.of(node("a1", "wuhu-1", 8, 0), node("a2", "wuhu-1", 8, 0));

        // when
        GangResult result = GangPlanner.plan(gang(2, 4), nodes, id -> null);

        // then
        assertThat(result.placement().orElseThrow().members()).extracting(Placement::devices)
                .allSatisfy(devices -> assertThat(devices).hasSize(4));
    }

    @Test
    void refusesSlicesInAGang() {
        // given
        PlacementRequest slice = new PlacementRequest(10 * GIB, 1, null, null, WorkloadClass.TRAINING, null, null,
                null, io.computenet.placement.Sharing.SHARED);

        // when / then
        assertThatThrownBy(() -> new GangRequest(slice, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
