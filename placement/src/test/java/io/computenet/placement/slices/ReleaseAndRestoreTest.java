package io.computenet.placement.slices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.computenet.placement.slices.Fits.place;
import static io.computenet.placement.slices.Fits.placeAll;
import static io.computenet.placement.slices.Fits.placeMig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseAndRestoreTest {

    @Test
    void releasingAnUnknownIdLeavesTheStateAsItWas() {
        // given a device with one share
        DeviceState state = placeAll(DeviceState.empty(Devices.h100()), SliceRequest.soft(1024, 10));

        // when an id that is not there is released (a redelivered release event)
        DeviceState after = SliceArithmetic.release(state, "gone-already");

        // then nothing changes
        assertThat(after).isSameAs(state);
    }

    @Test
    void releasedSlotsCanBeUsedAgain() {
        // given an H100 with two 3g.40gb
        DeviceState state = placeMig(DeviceState.empty(Devices.h100()), "3g.40gb", "3g.40gb");

        // when the one on slots 4..7 is released and a 3g.40gb asked for
        state = SliceArithmetic.release(state, "a0");
        Fit.Placed placed = place(state, SliceRequest.mig("3g.40gb"), "again");

        // then it goes back onto slot 4
        assertThat(placed.allocation().firstSlot()).isEqualTo(4);
        assertThat(placed.state().usedMigSlots()).isEqualTo(0xFF);
    }

    static Stream<Arguments> fitThenReleaseIsANoOp() {
        return Stream.of(
                Arguments.of(Devices.h100(), List.of(SliceRequest.mig("2g.20gb")), SliceRequest.mig("1g.10gb")),
                Arguments.of(Devices.h200(), List.of(SliceRequest.mig("3g.71gb")), SliceRequest.mig("4g.71gb")),
                Arguments.of(Devices.ascend910B2(), List.of(SliceRequest.vnpu("vir12_3c_32g")),
                        SliceRequest.vnpu("vir03_1c_8g")),
                Arguments.of(Devices.mlu370x4(), List.of(SliceRequest.smlu(1000, 20)), SliceRequest.smlu(300, 7)),
                Arguments.of(Devices.mlu370x4(), List.of(SliceRequest.mig("mim-2m.8gb")),
                        SliceRequest.mig("mim-2m.8gb")),
                Arguments.of(Devices.rtx4090(), List.of(SliceRequest.soft(4000, 50)), SliceRequest.soft(100, 1)),
                Arguments.of(Devices.rtx4090(), List.of(), SliceRequest.whole()));
    }

    @ParameterizedTest(name = "{0}: {2} after {1}")
    @MethodSource
    void fitThenReleaseIsANoOp(DeviceShape shape, List<SliceRequest> before, SliceRequest request) {
        // given a device holding some allocations
        DeviceState state = placeAll(DeviceState.empty(shape), before.toArray(SliceRequest[]::new));

        // when one more is placed and released again
        DeviceState after = SliceArithmetic.release(place(state, request, "tmp").state(), "tmp");

        // then the state is equal to the one before, free capacity included
        assertThat(after).isEqualTo(state);
        assertThat(after.free()).isEqualTo(state.free());
        assertThat(after.usedMemoryMiB()).isEqualTo(state.usedMemoryMiB());
        assertThat(after.usedMigSlots()).isEqualTo(state.usedMigSlots());
    }

    @Test
    void restoreRebuildsTheSameStateFromPersistedAllocations() {
        // given a state built by fit
        DeviceState built = placeMig(DeviceState.empty(Devices.h100()), "1g.10gb", "3g.40gb", "2g.20gb");

        // when it is rebuilt from its allocations
        DeviceState restored = DeviceState.restore(Devices.h100(), built.allocations());

        // then it is equal and answers the same
        assertThat(restored).isEqualTo(built);
        assertThat(restored.free()).isEqualTo(built.free());
        assertThat(restored.allocation("a1")).contains(built.allocations().get(1));
    }

    @Test
    void restoreRefusesAllocationsThatCouldNotCoexist() {
        DeviceShape h100 = Devices.h100();
        Allocation threeG = new Allocation("x", DeviceMode.MIG, "3g.40gb", 40448, 60, 4, 4);

        // overlapping slots
        assertThatThrownBy(() -> DeviceState.restore(h100, List.of(threeG,
                new Allocation("y", DeviceMode.MIG, "1g.10gb", 9984, 16, 5, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot restore allocation y at slot 5: 1g.10gb: no free aligned slot");
        // a start lgipp does not list (1g.10gb cannot start at 7)
        assertThatThrownBy(() -> DeviceState.restore(h100, List.of(
                new Allocation("y", DeviceMode.MIG, "1g.10gb", 9984, 16, 7, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot restore allocation y at slot 7");
        // memory that is not the profile's
        assertThatThrownBy(() -> DeviceState.restore(h100, List.of(
                new Allocation("y", DeviceMode.MIG, "3g.40gb", 40000, 60, 0, 4))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it would be Allocation[id=y, mode=MIG, profile=3g.40gb, memoryMiB=40448");
        // a MIG instance without a slot on a GPU with the slot model
        assertThatThrownBy(() -> DeviceState.restore(h100, List.of(
                new Allocation("y", DeviceMode.MIG, "3g.40gb", 40448, 60, -1, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it would be");
        // mixed modes
        assertThatThrownBy(() -> DeviceState.restore(h100, List.of(threeG,
                new Allocation("s", DeviceMode.SOFT, null, 1024, 10, -1, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot mix modes");
        // duplicate ids
        assertThatThrownBy(() -> DeviceState.restore(h100, List.of(
                new Allocation("s", DeviceMode.SOFT, null, 1024, 10, -1, 0),
                new Allocation("s", DeviceMode.SOFT, null, 1024, 10, -1, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("allocation s appears twice");
        // shares over 100 %
        assertThatThrownBy(() -> DeviceState.restore(h100, List.of(
                new Allocation("s", DeviceMode.SOFT, null, 1024, 60, -1, 0),
                new Allocation("t", DeviceMode.SOFT, null, 1024, 60, -1, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 60% compute, 40% free");
        // a whole lease that is not the device's memory
        assertThatThrownBy(() -> DeviceState.restore(h100, List.of(
                new Allocation("w", DeviceMode.WHOLE, null, 1024, 100, -1, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("it would be");
        assertThatThrownBy(() -> DeviceState.restore(h100, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
