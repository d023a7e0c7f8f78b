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

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Single-device leases get the cheapest fitting slice on any vendor's hardware. */
class SlicePlanningTest {

    private static final long GIB = 1024;

    private static NodeCapacity node(String id, DeviceSlot... devices) {
        return new NodeCapacity(id, "op-demo", "cn-east-yrd", "yrd-1", RegionTier.EAST, true, List.of(devices));
    }

    private static DeviceSlot empty(String key, DeviceShape shape) {
        return DeviceSlot.sliceable(key, DeviceState.empty(shape));
    }

    private static DeviceSlot with(String key, DeviceShape shape, SliceRequest... held) {
        DeviceState state = DeviceState.empty(shape);
        int i = 0;
        for (SliceRequest r : held) {
            state = ((Fit.Placed) SliceArithmetic.fit(state, r, "lease-" + i++)).state();
        }
        return DeviceSlot.sliceable(key, state);
    }

    private static PlacementRequest single(long memoryGiB, Integer computePct, String profile, Sharing sharing) {
        return new PlacementRequest(memoryGiB * GIB, 1, null, null, WorkloadClass.INFERENCE, computePct, null,
                profile, sharing);
    }

    private static Placement placed(PlacementRequest request, NodeCapacity... nodes) {
        PlacementResult result = Planner.plan(request, List.of(nodes));
        assertThat(result.reasons()).isEmpty();
        return result.placement().orElseThrow();
    }

    @Test
    void aSmallSharedRequestGetsASoftShareOfExactlyItsMemoryWithProportionalCompute() {
        // given one empty H100
        // when 10 GiB are asked for, sharing allowed
        Placement p = placed(single(10, null, null, Sharing.SHARED), node("n1", empty("g0", Devices.h100())));

        // then: a soft share of 10 GiB and ceil(10240 / 81559 * 100) = 13 % compute, billed as 13 %
        assertThat(p.slice()).isNotNull();
        assertThat(p.slice().mode()).isEqualTo(DeviceMode.SOFT);
        assertThat(p.slice().allocation().memoryMiB()).isEqualTo(10 * GIB);
        assertThat(p.slice().allocation().compute()).isEqualTo(13);
        assertThat(p.share()).isEqualByComparingTo("0.13");
    }

    @Test
    void anIsolatedRequestGetsTheSmallestMigProfileThatReallyHoldsItsMemory() {
        // 1g.10gb has 9.75 GiB on an H100, so 10 GiB need 1g.20gb
        Placement p = placed(single(10, null, null, Sharing.ISOLATED), node("n1", empty("g0", Devices.h100())));

        assertThat(p.slice().mode()).isEqualTo(DeviceMode.MIG);
        assertThat(p.slice().allocation().profile()).isEqualTo("1g.20gb");
        assertThat(p.slice().profile().resourceName()).isEqualTo("nvidia.com/mig-1g.20gb");
        // share: max(memory 20096 / 81559 MiB, compute 1/7), rounded up
        assertThat(p.share()).isEqualByComparingTo("0.2464");
    }

    @Test
    void aComputeShareRaisesTheProfileToOneWithEnoughCompute() {
        // 10 GiB with 40 % compute: 3g.40gb (3/7 = 43 %) is the smallest MIG profile with both
        Placement p = placed(single(10, 40, null, Sharing.ISOLATED), node("n1", empty("g0", Devices.h100())));

        assertThat(p.slice().allocation().profile()).isEqualTo("3g.40gb");
    }

    @Test
    void aNamedProfileIsHonouredAndOnlyOnDevicesThatOfferIt() {
        // given an RTX 4090 (no MIG) and an H100
        Placement p = placed(single(1, null, "2g.20gb", Sharing.SHARED),
                node("n-4090", empty("r0", Devices.rtx4090())), node("n-h100", empty("g0", Devices.h100())));

        assertThat(p.node().nodeId()).isEqualTo("n-h100");
        assertThat(p.slice().allocation().profile()).isEqualTo("2g.20gb");
    }

    @Test
    void aNamedVnpuTemplateLandsOnAnAscendChip() {
        Placement p = placed(single(16, null, "vir10_3c_32g", Sharing.ISOLATED),
                node("n-h100", empty("g0", Devices.h100())), node("n-910", empty("a0", Devices.ascend910B3())));

        assertThat(p.node().nodeId()).isEqualTo("n-910");
        assertThat(p.slice().mode()).isEqualTo(DeviceMode.VNPU);
        assertThat(p.share()).isEqualByComparingTo("0.5");
    }

    @Test
    void slicesArePackedOntoADeviceThatAlreadyHoldsSlicesBeforeAnEmptyOne() {
        // given an empty H100 and one already in MIG mode with a 3g.40gb instance
        DeviceSlot busy = with("g-busy", Devices.h100(), SliceRequest.mig("3g.40gb"));
        Placement p = placed(single(10, null, null, Sharing.ISOLATED),
                node("n-a", empty("g-empty", Devices.h100())), node("n-b", busy));

        // then the busy device gets it: the empty one stays whole for whole-device leases
        assertThat(p.firstDevice().deviceKey()).isEqualTo("g-busy");
        assertThat(p.slice().allocation().profile()).isEqualTo("1g.20gb");
    }

    @Test
    void aDeviceInMigModeOffersNoSoftShareAndADeviceWithSoftSharesNoMig() {
        // given one H100 with soft shares only: an isolated request cannot use it
        DeviceSlot soft = with("g-soft", Devices.h100(), SliceRequest.soft(8 * GIB, 10));
        PlacementResult result = Planner.plan(single(10, null, null, Sharing.ISOLATED), List.of(node("n", soft)));

        assertThat(result.isPlaced()).isFalse();
        assertThat(result.reasons()).containsExactly("region cn-east-yrd: none of 1 node(s) has a device with room "
                + "for >= 10 GiB whole or as a MIG/vNPU slice");
    }

    @Test
    void aCambriconDeviceHandsOutSmluSharesInWholeUnitsAndBillsWhatIsHeld() {
        // 1000 MiB round up to 4 x 256 MiB on an MLU370-X4 (23308 MiB), compute 5 %
        PlacementRequest request = new PlacementRequest(1000, 1, null, Vendor.CAMBRICON, WorkloadClass.INFERENCE, 5,
                null, null, Sharing.SHARED);
        Placement p = placed(request, node("n-mlu", empty("m0", Devices.mlu370x4())));

        assertThat(p.slice().mode()).isEqualTo(DeviceMode.SMLU);
        assertThat(p.slice().allocation().memoryMiB()).isEqualTo(1024);
        assertThat(p.share()).isEqualByComparingTo("0.05");
    }

    @Test
    void aWholeDeviceBeatsASliceWhenItWastesLess() {
        // 23 GiB with 100 % compute: the whole 4090 (24564 MiB) wastes 1012 MiB; a soft share of 100 % is the
        // whole device too, and a tie goes to the whole device
        Placement p = placed(single(23, 100, null, Sharing.SHARED), node("n", empty("r0", Devices.rtx4090())));

        assertThat(p.slice()).isNull();
        assertThat(p.share()).isEqualByComparingTo(BigDecimal.ONE);
    }

    @Test
    void aModelConstraintMatchesTheReportedModelInAnyCase() {
        PlacementRequest request = new PlacementRequest(10 * GIB, 1, null, null, WorkloadClass.INFERENCE, null,
                "h100 80gb hbm3", null, Sharing.SHARED);
        Placement p = placed(request, node("n-4090", empty("r0", Devices.rtx4090())),
                node("n-h100", empty("g0", Devices.h100())));

        assertThat(p.node().nodeId()).isEqualTo("n-h100");
    }

    @Test
    void multiDeviceAndWholeRequestsNeverGetSlicesAndAProfileCannotSpanDevices() {
        PlacementRequest whole = new PlacementRequest(10 * GIB, 1, null, null, WorkloadClass.INFERENCE, null, null,
                null, Sharing.WHOLE);
        assertThat(placed(whole, node("n", empty("g0", Devices.h100()))).slice()).isNull();

        PlacementRequest two = new PlacementRequest(10 * GIB, 2, null, null, WorkloadClass.INFERENCE, null, null,
                null, Sharing.SHARED);
        assertThat(placed(two, node("n", empty("g0", Devices.h100()), empty("g1", Devices.h100()))).slice())
                .isNull();

        assertThatThrownBy(() -> new PlacementRequest(10 * GIB, 2, null, null, WorkloadClass.INFERENCE, null,
                null, "1g.20gb", Sharing.SHARED)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("single-device");
        assertThatThrownBy(() -> new PlacementRequest(10 * GIB, 1, null, null, WorkloadClass.INFERENCE, 0,
                null, null, Sharing.SHARED)).hasMessageContaining("computePct");
    }

    @Test
    void aDeviceHeldWholeOffersNothingAndFreeingItMakesItSliceableAgain() {
        DeviceSlot held = new DeviceSlot("g0", Vendor.NVIDIA, "H100 80GB HBM3", 81559, false, Devices.h100(), null);
        assertThat(Planner.plan(single(10, null, null, Sharing.SHARED), List.of(node("n", held))).isPlaced())
                .isFalse();

        DeviceSlot freed = held.withFree(true);
        assertThat(freed.slices()).isEqualTo(DeviceState.empty(Devices.h100()));
        assertThat(Planner.plan(single(10, null, null, Sharing.SHARED), List.of(node("n", freed))).isPlaced())
                .isTrue();
    }

    @Test
    void sharingIsParsedInAnyCaseAndBadValuesNameTheChoices() {
        assertThat(Sharing.parse(" Isolated ")).isEqualTo(Sharing.ISOLATED);
        assertThatThrownBy(() -> Sharing.parse("exclusive"))
                .hasMessage("sharing must be one of whole, isolated, shared, was exclusive");
    }

    @Test
    void aFrameworkLimitsTheVendorsThatMayServe() {
        // given an Ascend 910B3 (fits 10 GiB with least waste as a vNPU-less soft share) and an H100
        NodeCapacity ascend = node("n-910", empty("a0", Devices.ascend910B3()));
        NodeCapacity nvidia = node("n-h100", empty("g0", Devices.h100()));

        // when TensorRT-LLM is required: NVIDIA only
        PlacementRequest trt = new PlacementRequest(10 * GIB, 1, null, null, WorkloadClass.INFERENCE, null, null,
                null, Sharing.SHARED, io.computenet.placement.capability.Framework.TENSORRT_LLM);
        assertThat(placed(trt, ascend, nvidia).node().nodeId()).isEqualTo("n-h100");

        // when vLLM is required: both qualify, and the planner is free to choose
        PlacementRequest vllm = new PlacementRequest(10 * GIB, 1, null, null, WorkloadClass.INFERENCE, null, null,
                null, Sharing.SHARED, io.computenet.placement.capability.Framework.VLLM);
        assertThat(Planner.plan(vllm, List.of(ascend)).isPlaced()).isTrue();
        assertThat(Planner.plan(vllm, List.of(nvidia)).isPlaced()).isTrue();

        // and a refusal names the framework
        assertThat(Planner.plan(trt, List.of(ascend)).reasons()).containsExactly("region cn-east-yrd: none of 1 "
                + "node(s) has a TensorRT-LLM-capable device with room for >= 10 GiB whole or as a slice");
    }
}
