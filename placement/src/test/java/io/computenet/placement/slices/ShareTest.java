package io.computenet.placement.slices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static io.computenet.placement.slices.Fits.place;
import static io.computenet.placement.slices.Fits.placeAll;
import static io.computenet.placement.slices.Fits.reject;
import static io.computenet.placement.slices.SliceRequest.smlu;
import static io.computenet.placement.slices.SliceRequest.soft;
import static org.assertj.core.api.Assertions.assertThat;

class ShareTest {

    private final DeviceState mlu = DeviceState.empty(Devices.mlu370x4());

    @ParameterizedTest(name = "sMLU {0} MiB is charged as {1} MiB")
    @CsvSource({"1, 256", "255, 256", "256, 256", "257, 512", "1000, 1024", "4096, 4096", "23296, 23296"})
    void smluRoundsMemoryUpTo256MibUnits(long asked, long charged) {
        // given an empty MLU370-X4
        // when an sMLU share is placed
        Fit.Placed placed = place(mlu, smlu(asked, 10), "s");

        // then its memory is whole 256 MiB units
        assertThat(placed.allocation().memoryMiB()).isEqualTo(charged);
        assertThat(placed.allocation().compute()).isEqualTo(10);
        assertThat(placed.state().usedMemoryMiB()).isEqualTo(charged);
    }

    @Test
    void smluSharesAddUpToAtMostOneHundredPercent() {
        // given an MLU with shares of 60 % and 40 %
        DeviceState state = placeAll(mlu, smlu(1024, 60), smlu(1024, 40));

        // when one more percent is asked for
        Fit.Rejected rejected = reject(state, smlu(256, 1));

        // then compute is exhausted
        assertThat(rejected.code()).isEqualTo(Fit.Code.INSUFFICIENT_COMPUTE);
        assertThat(rejected.reason()).isEqualTo("SMLU share of 256 MiB / 1%: needs 1% compute, 0% free");
    }

    @Test
    void smluSharesAddUpToAtMostTheDevicesMemory() {
        // given an MLU370-X4 (23308 MiB) holding 91 units (23296 MiB)
        DeviceState state = placeAll(mlu, smlu(23296, 50));
        assertThat(state.freeMemoryMiB()).isZero();

        // when one more unit is asked for
        Fit.Rejected rejected = reject(state, smlu(1, 1));

        // then the 12 MiB left are less than a unit
        assertThat(rejected.code()).isEqualTo(Fit.Code.INSUFFICIENT_MEMORY);
        assertThat(rejected.reason()).isEqualTo("SMLU share of 1 MiB / 1%: needs 256 MiB, 12 MiB free");
    }

    @Test
    void aShareLargerThanTheDeviceIsRefusedNotOverflowed() {
        // given an empty RTX 4090 (24564 MiB)
        DeviceState state = DeviceState.empty(Devices.rtx4090());

        // when a share of Long.MAX_VALUE MiB is asked for
        Fit.Rejected rejected = reject(state, soft(Long.MAX_VALUE, 10));

        // then it is refused for memory
        assertThat(rejected.reason()).endsWith("needs " + Long.MAX_VALUE + " MiB, 24564 MiB free");
        assertThat(reject(DeviceState.empty(Devices.mlu370x4()), smlu(Long.MAX_VALUE, 10)).code())
                .isEqualTo(Fit.Code.INSUFFICIENT_MEMORY);
    }

    @Test
    void theShareLimitCapsHowManySharesADeviceHolds() {
        // given an H100 holding ten soft shares of 1 GiB / 5 %
        DeviceState state = DeviceState.empty(Devices.h100());
        for (int i = 0; i < Devices.SHARE_LIMIT; i++) {
            state = place(state, soft(1024, 5), "s" + i).state();
        }

        // when an eleventh is asked for
        Fit.Rejected rejected = reject(state, soft(1024, 5));

        // then the share limit refuses it though memory and compute are left
        assertThat(rejected.code()).isEqualTo(Fit.Code.INSTANCE_LIMIT);
        assertThat(rejected.reason()).isEqualTo("SOFT share of 1024 MiB / 5%: at most 10 shares per device, 10 placed");
        assertThat(state.free()).isEqualTo(new FreeCapacity(0, 0.0));
    }

    static List<DeviceShape> softSharesWorkOnEveryVendor() {
        return Devices.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void softSharesWorkOnEveryVendor(DeviceShape shape) {
        // given any empty device
        DeviceState state = DeviceState.empty(shape);

        // when soft shares of a quarter of the memory and 30 % are placed until refused
        long quarter = shape.memoryMiB() / 4;
        int placed = 0;
        Fit fit;
        while ((fit = SliceArithmetic.fit(state, soft(quarter, 30), "s" + placed)) instanceof Fit.Placed p) {
            state = p.state();
            placed++;
        }

        // then three fit (90 %), the fourth is refused for compute, and the device is in SOFT mode
        assertThat(placed).isEqualTo(3);
        assertThat(((Fit.Rejected) fit).code()).isEqualTo(Fit.Code.INSUFFICIENT_COMPUTE);
        assertThat(state.mode()).isEqualTo(DeviceMode.SOFT);
        assertThat(state.usedMemoryMiB()).isEqualTo(3 * quarter);
        assertThat(state.freeComputeFraction()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void softMemoryIsAHardLimitSumNotAShare() {
        // given an RTX 4090 with a soft share of 20000 MiB
        DeviceState state = placeAll(DeviceState.empty(Devices.rtx4090()), soft(20000, 10));

        // when 5000 MiB more are asked for
        Fit.Rejected rejected = reject(state, soft(5000, 10));

        // then the 4564 MiB left refuse it
        assertThat(rejected.reason()).isEqualTo("SOFT share of 5000 MiB / 10%: needs 5000 MiB, 4564 MiB free");
        // and exactly what is left still fits
        assertThat(SliceArithmetic.fits(state, soft(4564, 90))).isTrue();
    }

    @Test
    void smluIsNotOfferedOnNvidia() {
        // given an H100
        // when an sMLU share is asked for
        Fit.Rejected rejected = reject(DeviceState.empty(Devices.h100()), smlu(1024, 10));

        // then the device does not offer it
        assertThat(rejected.code()).isEqualTo(Fit.Code.UNSUPPORTED);
        assertThat(rejected.reason()).isEqualTo("SMLU share of 1024 MiB / 10%: H100 80GB HBM3 does not offer SMLU slicing");
    }
}
