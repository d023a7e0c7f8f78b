package io.computenet.scheduler.decision;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.RegionTier;
import io.computenet.placement.WorkloadClass;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PreemptionTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    private static NodeCapacity node(String id, boolean... free) {
        List<DeviceSlot> devices = new java.util.ArrayList<>();
        for (int i = 0; i < free.length; i++) {
            devices.add(new DeviceSlot(id + "-g" + i, Vendor.NVIDIA, "H100 80GB HBM3", 81559, free[i]));
        }
        return new NodeCapacity(id, "op", "cn-east-yrd", "wuhu-1", RegionTier.EAST, true, devices);
    }

    private static PlacementRequest gpus(int n) {
        return new PlacementRequest(40 * 1024, n, "cn-east-yrd", null, WorkloadClass.INFERENCE);
    }

    @Test
    void preemptsTheLowestPriorityThenNewestLeaseWhoseDevicesAreNeeded() {
        List<NodeCapacity> full = List.of(node("n1", false, false));
        List<Preemption.Victim> victims = List.of(
                new Preemption.Victim("old-low", "n1", List.of("n1-g0"), 10, T),
                new Preemption.Victim("new-low", "n1", List.of("n1-g1"), 10, T.plusSeconds(60)));

        var plan = Preemption.plan(gpus(1), 100, full, victims);

        assertThat(plan).hasValueSatisfying(p -> {
            assertThat(p.victims()).extracting(Preemption.Victim::leaseId).containsExactly("new-low");
            assertThat(p.placement().firstDevice().deviceKey()).isEqualTo("n1-g1");
        });
    }

    @Test
    void preemptsOnlyTheLeasesWhoseDevicesThePlacementUses() {
        // two nodes, one device each taken; two GPUs are needed on one node: only n2's two leases qualify
        List<NodeCapacity> snapshot = List.of(node("n1", false, true, true, true), node("n2", false, false));
        List<Preemption.Victim> victims = List.of(
                new Preemption.Victim("on-n1", "n1", List.of("n1-g0"), 5, T.plusSeconds(300)),
                new Preemption.Victim("n2-a", "n2", List.of("n2-g0"), 10, T),
                new Preemption.Victim("n2-b", "n2", List.of("n2-g1"), 10, T));

        var plan = Preemption.plan(gpus(4), 100, snapshot, victims);

        // freeing on-n1 first gives n1 four free GPUs: only that lease goes
        assertThat(plan).hasValueSatisfying(p ->
                assertThat(p.victims()).extracting(Preemption.Victim::leaseId).containsExactly("on-n1"));
    }

    @Test
    void neverPreemptsLeasesOfHigherPriorityAndGivesUpWhenFreeingAllDoesNotHelp() {
        List<NodeCapacity> full = List.of(node("n1", false));
        assertThat(Preemption.plan(gpus(1), 100, full,
                List.of(new Preemption.Victim("vip", "n1", List.of("n1-g0"), 500, T)))).isEmpty();
        assertThat(Preemption.plan(gpus(2), 100, full,
                List.of(new Preemption.Victim("low", "n1", List.of("n1-g0"), 1, T)))).isEmpty();
    }

    /** An H100 in MIG mode whose two 3g.40gb slots are taken by the slice leases {@code leases}. */
    private static NodeCapacity migNodeFullOf(String... leases) {
        io.computenet.placement.slices.DeviceShape shape = io.computenet.placement.slices.DeviceShape.of(
                Vendor.NVIDIA, "H100 80GB HBM3", 81559, io.computenet.placement.slices.DeviceShape.PERCENT,
                SliceProfiles.h100());
        io.computenet.placement.slices.DeviceState state = io.computenet.placement.slices.DeviceState.empty(shape);
        for (String lease : leases) {
            state = ((io.computenet.placement.slices.Fit.Placed) io.computenet.placement.slices.SliceArithmetic.fit(
                    state, io.computenet.placement.slices.SliceRequest.mig("3g.40gb"), lease)).state();
        }
        return new NodeCapacity("m1", "op", "cn-east-yrd", "wuhu-1", RegionTier.EAST, true,
                List.of(DeviceSlot.sliceable("m1-g0", state)));
    }

    private static PlacementRequest slice(long gib, io.computenet.placement.Sharing sharing) {
        return new PlacementRequest(gib * 1024, 1, "cn-east-yrd", null, WorkloadClass.INFERENCE, null, null, null,
                sharing);
    }

    @Test
    void anOnDemandSliceRequestPreemptsOnlyTheNewestInterruptibleSliceOnAFullDevice() {
        List<NodeCapacity> full = List.of(migNodeFullOf("slice-old", "slice-new"));
        assertThat(io.computenet.placement.Planner.plan(slice(30, io.computenet.placement.Sharing.ISOLATED), full)
                .isPlaced()).isFalse();
        List<Preemption.Victim> victims = List.of(
                new Preemption.Victim("slice-old", "m1", List.of("m1-g0"), 10, T, true),
                new Preemption.Victim("slice-new", "m1", List.of("m1-g0"), 10, T.plusSeconds(60), true));

        var plan = Preemption.plan(slice(30, io.computenet.placement.Sharing.ISOLATED), 100, full, victims);

        assertThat(plan).hasValueSatisfying(p -> {
            assertThat(p.victims()).extracting(Preemption.Victim::leaseId).containsExactly("slice-new");
            assertThat(p.placement().slice().allocation().profile()).isEqualTo("3g.40gb");
            // the older slice is still on the device the new one is cut from
            assertThat(p.placement().firstDevice().slices().allocation("slice-old")).isPresent();
        });
    }

    @Test
    void aWholeDeviceRequestPreemptsEverySliceOnTheDeviceAndNoFewer() {
        List<NodeCapacity> full = List.of(migNodeFullOf("slice-old", "slice-new"));
        List<Preemption.Victim> victims = List.of(
                new Preemption.Victim("slice-old", "m1", List.of("m1-g0"), 10, T, true),
                new Preemption.Victim("slice-new", "m1", List.of("m1-g0"), 10, T.plusSeconds(60), true));

        var plan = Preemption.plan(gpus(1), 100, full, victims);

        assertThat(plan).hasValueSatisfying(p -> {
            assertThat(p.victims()).extracting(Preemption.Victim::leaseId)
                    .containsExactlyInAnyOrder("slice-old", "slice-new");
            assertThat(p.placement().firstDevice().free()).isTrue();
            assertThat(p.placement().slice()).isNull();
        });
    }

    @Test
    void aSliceAboveTheRequestsPriorityIsNeverPreempted() {
        List<NodeCapacity> full = List.of(migNodeFullOf("slice-old", "slice-new"));
        List<Preemption.Victim> victims = List.of(
                new Preemption.Victim("slice-old", "m1", List.of("m1-g0"), 200, T, true),
                new Preemption.Victim("slice-new", "m1", List.of("m1-g0"), 200, T.plusSeconds(60), true));

        assertThat(Preemption.plan(slice(30, io.computenet.placement.Sharing.ISOLATED), 100, full, victims))
                .isEmpty();
    }
}
