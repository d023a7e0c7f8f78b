package io.computenet.placement.slices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.computenet.placement.slices.Fits.placeAll;
import static io.computenet.placement.slices.Fits.placeMig;
import static org.assertj.core.api.Assertions.assertThat;

class FreeCapacityTest {

    @Test
    void anEmptyDeviceIsEntirelyFree() {
        assertThat(SliceArithmetic.free(DeviceState.empty(Devices.h100()))).isEqualTo(new FreeCapacity(81559, 1.0));
        assertThat(DeviceState.empty(Devices.ascend310P3()).free()).isEqualTo(new FreeCapacity(21527, 1.0));
    }

    @ParameterizedTest(name = "H100 holding {0}: {1} MiB and {2}/7 compute placeable")
    @CsvSource({
            // one 1g.10gb at 0 leaves 3g.40gb at 4, 2g.20gb at 2 and 1g.10gb at 1
            "'1g.10gb',                         70523, 6",
            "'3g.40gb',                         40448, 4",
            "'3g.40gb,3g.40gb',                 0,     0",
            "'4g.40gb',                         40448, 3",
            "'2g.20gb,2g.20gb,2g.20gb',         20091, 1",
            "'1g.20gb,1g.20gb,1g.20gb,1g.20gb', 0,     0",
            "'7g.80gb',                         0,     0",
    })
    void migFreeCapacityCountsOnlyWhatFreeSlotsCanStillHold(String profiles, long memoryMiB, int slices) {
        // given an H100 holding the profiles
        DeviceState state = placeMig(DeviceState.empty(Devices.h100()), profiles.split(","));

        // then free capacity is what profiles on the free aligned slots could still hold
        assertThat(state.freeMemoryMiB()).isEqualTo(memoryMiB);
        assertThat(state.freeComputeFraction()).isEqualTo(slices / 7.0);
    }

    @Test
    void vnpuFreeCapacityIsTheChipsRemainingCoresAndTemplateMemory() {
        DeviceState state = placeAll(DeviceState.empty(Devices.ascend910B3()), SliceRequest.vnpu("vir05_1c_16g"));
        assertThat(state.free()).isEqualTo(new FreeCapacity(49152, 0.75));
    }

    @Test
    void shareFreeCapacityIsTheRemainderAndSmluMemoryCountsWholeUnits() {
        DeviceState soft = placeAll(DeviceState.empty(Devices.h100()), SliceRequest.soft(10000, 30));
        assertThat(soft.free()).isEqualTo(new FreeCapacity(71559, 0.7));

        // 23308 - 1024 = 22284 MiB left, of which 87 whole units (22272 MiB) can be handed out
        DeviceState smlu = placeAll(DeviceState.empty(Devices.mlu370x4()), SliceRequest.smlu(1024, 25));
        assertThat(smlu.free()).isEqualTo(new FreeCapacity(22272, 0.75));
    }

    @Test
    void wholeLeavesNothing() {
        assertThat(placeAll(DeviceState.empty(Devices.rtx4090()), SliceRequest.whole()).free())
                .isEqualTo(new FreeCapacity(0, 0.0));
    }

    @Test
    void freeCapacityReturnsWhenAllocationsAreReleased() {
        DeviceState state = placeMig(DeviceState.empty(Devices.h100()), "1g.10gb", "3g.40gb");
        DeviceState released = SliceArithmetic.release(state, "a1");
        assertThat(released.free()).isEqualTo(new FreeCapacity(70523, 6 / 7.0));
    }
}
