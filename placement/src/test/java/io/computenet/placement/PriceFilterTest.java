package io.computenet.placement;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.slices.DeviceState;
import io.computenet.placement.slices.Devices;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A ceiling on the price per hour keeps only what the lease could afford, slices priced by their share. */
class PriceFilterTest {

    private static final long GIB = 1024;
    private static final Map<String, BigDecimal> PRICE = Map.of(
            "H100 80GB HBM3", new BigDecimal("20.00"), "GeForce RTX 4090", new BigDecimal("1.68"));
    private static final PriceFilter.Prices PRICES =
            (operator, region, model) -> Optional.ofNullable(PRICE.get(model));

    private static NodeCapacity node(String id, DeviceSlot... devices) {
        return new NodeCapacity(id, "op", "cn-east-yrd", "yrd-1", RegionTier.EAST, true, List.of(devices));
    }

    @Test
    void aSliceIsPricedByItsShareSoASmallShareOfADearDeviceCanBeAffordable() {
        // given an H100 at 20.00 and a 4090 at 1.68
        List<NodeCapacity> fleet = List.of(node("n-h100", DeviceSlot.sliceable("g0", DeviceState.empty(Devices.h100()))),
                node("n-4090", DeviceSlot.sliceable("r0", DeviceState.empty(Devices.rtx4090()))));
        PlacementRequest tenGiB = new PlacementRequest(10 * GIB, 1, null, null, WorkloadClass.INFERENCE, null, null,
                null, Sharing.SHARED);

        // when at most 3.00 per hour: the H100 soft share (13 % = 2.60) and the 4090 share (42 % = 0.71) stay
        PriceFilter.Filtered filtered = PriceFilter.apply(tenGiB, fleet, PRICES, new BigDecimal("3.00"));
        assertThat(filtered.tooDear()).isZero();

        // when at most 1.00: only the 4090 stays
        filtered = PriceFilter.apply(tenGiB, fleet, PRICES, new BigDecimal("1.00"));
        assertThat(filtered.tooDear()).isEqualTo(1);
        assertThat(Planner.plan(tenGiB, filtered.snapshot()).placement().orElseThrow().node().nodeId())
                .isEqualTo("n-4090");
        assertThat(filtered.reasons(new BigDecimal("1.00")))
                .containsExactly("1 fitting device(s) cost more than 1.00 per hour (the cheapest 2.60)");
    }

    @Test
    void wholeDevicesArePricedPerDeviceTimesCountAndUnpricedDevicesAreLeftOut() {
        List<NodeCapacity> fleet = List.of(node("n", new DeviceSlot("a", Vendor.NVIDIA, "H100 80GB HBM3", 81559, true),
                        new DeviceSlot("b", Vendor.NVIDIA, "H100 80GB HBM3", 81559, true)),
                node("m", new DeviceSlot("c", Vendor.NVIDIA, "H200", 143771, true)));
        PlacementRequest two = new PlacementRequest(40 * GIB, 2, null, null, WorkloadClass.TRAINING);

        PriceFilter.Filtered filtered = PriceFilter.apply(two, fleet, PRICES, new BigDecimal("39.99"));

        assertThat(filtered.tooDear()).isEqualTo(2);
        assertThat(filtered.unpriced()).isEqualTo(1);
        assertThat(Planner.plan(two, filtered.snapshot()).isPlaced()).isFalse();
        assertThat(PriceFilter.apply(two, fleet, PRICES, new BigDecimal("40")).tooDear()).isZero();
    }

    @Test
    void withoutACeilingTheSnapshotIsUntouched() {
        List<NodeCapacity> fleet = List.of(node("n", new DeviceSlot("a", Vendor.NVIDIA, "X", 1024, true)));
        assertThat(PriceFilter.apply(new PlacementRequest(1, 1, null, null, null), fleet, PRICES, null).snapshot())
                .isSameAs(fleet);
    }
}
