package io.computenet.scheduler.decision;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.RegionTier;
import io.computenet.placement.WorkloadClass;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuotesTest {

    private static NodeCapacity node(String id, String region, RegionTier tier, Vendor vendor, String model,
                                     long memoryMiB, int free, int taken) {
        List<DeviceSlot> devices = new ArrayList<>();
        for (int i = 0; i < free + taken; i++) {
            devices.add(new DeviceSlot(id + "-" + i, vendor, model, memoryMiB, i < free));
        }
        return new NodeCapacity(id, "op-" + region, region, region + "-1", tier, true, devices);
    }

    @Test
    void listsEveryModelAndRegionThatCanHoldTheRequestPreferredTierFirstThenSmallestDevice() {
        List<NodeCapacity> fleet = List.of(
                node("e-h100", "cn-east-yrd", RegionTier.EAST, Vendor.NVIDIA, "H100 80GB HBM3", 81559, 2, 6),
                node("e-910", "cn-east-yrd", RegionTier.EAST, Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, 1, 0),
                node("w-mlu", "cn-west-nm", RegionTier.WEST, Vendor.CAMBRICON, "MLU370-X8", 23374, 8, 0),
                node("w-a100", "cn-west-nm", RegionTier.WEST, Vendor.NVIDIA, "A100-SXM4-80GB", 81920, 4, 0));

        List<Quotes.Option> options = Quotes.options(new PlacementRequest(40 * 1024, 2, null, null,
                WorkloadClass.INFERENCE), fleet);

        // two 40 GB devices on one node: H100 (east, preferred) and A100 (west); one free 910B3 and the MLUs do not fit
        assertThat(options).extracting(Quotes.Option::model).containsExactly("H100 80GB HBM3", "A100-SXM4-80GB");
        assertThat(options.get(0).preferredTier()).isTrue();
        assertThat(options.get(1).preferredTier()).isFalse();
    }

    @Test
    void noOptionsWhenNothingFits() {
        assertThat(Quotes.options(new PlacementRequest(200 * 1024, 1, null, null, WorkloadClass.BATCH),
                List.of(node("n", "cn-west-gz", RegionTier.WEST, Vendor.NVIDIA, "H100 80GB HBM3", 81559, 8, 0))))
                .isEmpty();
    }

    @Test
    void cheapestFitTakesTheCheapestOptionOfThePreferredTierNotTheLeastWasteful() {
        // given: in the east a 910B3 (less waste for 40 GB) at 20.00 and an A100 at 10.00; in the west an A100 at 5.00
        List<NodeCapacity> fleet = List.of(
                node("e-910", "cn-east-yrd", RegionTier.EAST, Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, 1, 0),
                node("e-a100", "cn-east-yrd", RegionTier.EAST, Vendor.NVIDIA, "A100-SXM4-80GB", 81920, 1, 0),
                node("w-a100", "cn-west-nm", RegionTier.WEST, Vendor.NVIDIA, "A100-SXM4-80GB", 81920, 1, 0));
        java.util.Map<String, java.math.BigDecimal> prices = java.util.Map.of(
                "cn-east-yrd/Ascend910B3", new java.math.BigDecimal("20.00"),
                "cn-east-yrd/A100-SXM4-80GB", new java.math.BigDecimal("10.00"),
                "cn-west-nm/A100-SXM4-80GB", new java.math.BigDecimal("5.00"));
        PlacementRequest request = new PlacementRequest(40 * 1024, 1, null, null, WorkloadClass.INFERENCE);

        // when
        var planned = io.computenet.placement.Planner.plan(request, fleet).placement().orElseThrow();
        var cheapest = Quotes.cheapest(request, fleet,
                (operator, region, model) -> java.util.Optional.ofNullable(prices.get(region + "/" + model)));

        // then: the planner alone takes the 910B3 (least waste); cheapest fit the east A100 (the west is not
        // preferred for inference, however cheap)
        assertThat(planned.node().nodeId()).isEqualTo("e-910");
        assertThat(cheapest).hasValueSatisfying(p -> assertThat(p.node().nodeId()).isEqualTo("e-a100"));
    }
}
