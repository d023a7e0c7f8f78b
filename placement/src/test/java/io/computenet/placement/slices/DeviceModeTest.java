package io.computenet.placement.slices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.computenet.placement.slices.Fits.place;
import static io.computenet.placement.slices.Fits.placeAll;
import static io.computenet.placement.slices.Fits.reject;
import static io.computenet.placement.slices.SliceRequest.mig;
import static io.computenet.placement.slices.SliceRequest.smlu;
import static io.computenet.placement.slices.SliceRequest.soft;
import static io.computenet.placement.slices.SliceRequest.vnpu;
import static io.computenet.placement.slices.SliceRequest.whole;
import static org.assertj.core.api.Assertions.assertThat;

class DeviceModeTest {

    /** One request of every mode a device supports, per device. */
    static Stream<Arguments> oneRequestPerMode() {
        return Stream.of(
                Arguments.of(Devices.h100(), whole()),
                Arguments.of(Devices.h100(), mig("1g.10gb")),
                Arguments.of(Devices.h100(), soft(1024, 10)),
                Arguments.of(Devices.h200(), mig("7g.141gb")),
                Arguments.of(Devices.ascend910B3(), whole()),
                Arguments.of(Devices.ascend910B3(), vnpu("vir05_1c_16g")),
                Arguments.of(Devices.ascend910B3(), soft(1024, 10)),
                Arguments.of(Devices.mlu370x4(), whole()),
                Arguments.of(Devices.mlu370x4(), mig("mim-2m.8gb")),
                Arguments.of(Devices.mlu370x4(), smlu(1024, 10)),
                Arguments.of(Devices.mlu370x4(), soft(1024, 10)),
                Arguments.of(Devices.rtx4090(), whole()),
                Arguments.of(Devices.rtx4090(), soft(1024, 10)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("oneRequestPerMode")
    void anEmptyDeviceCanBeConfiguredIntoEverySupportedMode(DeviceShape shape, SliceRequest request) {
        // given an empty device
        DeviceState empty = DeviceState.empty(shape);
        assertThat(shape.supports(request.mode())).isTrue();

        // when a request of the mode is placed
        DeviceState state = place(empty, request, "first").state();

        // then the device is in that mode
        assertThat(state.mode()).isEqualTo(request.mode());
    }

    @ParameterizedTest(name = "{0}: {1} then whole")
    @MethodSource("oneRequestPerMode")
    void aWholeDeviceLeaseNeedsAnEmptyDevice(DeviceShape shape, SliceRequest request) {
        // given a device holding one allocation of some mode
        DeviceState state = place(DeviceState.empty(shape), request, "first").state();

        // when the whole device is asked for
        Fit.Rejected rejected = reject(state, whole());

        // then it is busy
        assertThat(rejected.code()).isEqualTo(Fit.Code.DEVICE_BUSY);
        assertThat(rejected.reason()).isEqualTo("whole device: device is in " + request.mode()
                + " mode with 1 allocation(s); a whole-device lease needs an empty device");
    }

    static Stream<Arguments> pairsOfDifferentModes() {
        List<Arguments> all = oneRequestPerMode().toList();
        return all.stream().flatMap(a -> all.stream()
                .filter(b -> b.get()[0].equals(a.get()[0]))
                .filter(b -> ((SliceRequest) b.get()[1]).mode() != ((SliceRequest) a.get()[1]).mode())
                .filter(b -> ((SliceRequest) b.get()[1]).mode() != DeviceMode.WHOLE)
                .map(b -> Arguments.of(a.get()[0], a.get()[1], b.get()[1])));
    }

    @ParameterizedTest(name = "{0}: {1} then {2}")
    @MethodSource("pairsOfDifferentModes")
    void aDeviceCannotMixModes(DeviceShape shape, SliceRequest first, SliceRequest second) {
        // given a device in one mode
        DeviceState state = place(DeviceState.empty(shape), first, "first").state();

        // when a slice of another mode is asked for
        Fit.Rejected rejected = reject(state, second);

        // then the modes conflict
        assertThat(rejected.code()).isEqualTo(Fit.Code.MODE_CONFLICT);
        assertThat(rejected.reason()).contains("device is in " + first.mode() + " mode with 1 allocation(s)");
    }

    @Test
    void migProfileCannotGoOnAGpuWithASoftShare() {
        // given an H100 with a soft share
        DeviceState state = placeAll(DeviceState.empty(Devices.h100()), soft(4096, 20));

        // when a MIG profile is asked for
        Fit.Rejected rejected = reject(state, mig("1g.10gb"));

        // then MIG would need the GPU emptied first
        assertThat(rejected.reason()).isEqualTo(
                "1g.10gb: device is in SOFT mode with 1 allocation(s); a device cannot mix modes until it is empty");
    }

    @Test
    void softShareCannotGoOnAMigGpu() {
        // given an H100 with a MIG instance
        DeviceState state = placeAll(DeviceState.empty(Devices.h100()), mig("3g.40gb"));

        // when a soft share is asked for
        Fit.Rejected rejected = reject(state, soft(1024, 10));

        // then it conflicts with MIG mode
        assertThat(rejected.code()).isEqualTo(Fit.Code.MODE_CONFLICT);
    }

    @Test
    void releasingTheLastMigInstanceLetsTheGpuRunWhole() {
        // given an H100 with two MIG instances
        DeviceState state = placeAll(DeviceState.empty(Devices.h100()), mig("3g.40gb"), mig("2g.20gb"));
        assertThat(reject(state, whole()).code()).isEqualTo(Fit.Code.DEVICE_BUSY);

        // when both are released
        state = SliceArithmetic.release(state, "a0");
        assertThat(state.mode()).isEqualTo(DeviceMode.MIG);
        state = SliceArithmetic.release(state, "a1");

        // then the GPU is empty again and can be leased whole
        assertThat(state).isEqualTo(DeviceState.empty(Devices.h100()));
        Fit.Placed placed = place(state, whole(), "whole");
        assertThat(placed.allocation()).isEqualTo(
                new Allocation("whole", DeviceMode.WHOLE, null, 81559, 100, -1, 0));
    }

    @Test
    void aWholeLeaseBlocksEverySliceUntilReleased() {
        // given an MLU leased whole
        DeviceState state = placeAll(DeviceState.empty(Devices.mlu370x4()), whole());
        assertThat(state.free()).isEqualTo(new FreeCapacity(0, 0.0));

        // when any slice is asked for, then it conflicts with WHOLE mode
        assertThat(reject(state, smlu(256, 1)).code()).isEqualTo(Fit.Code.MODE_CONFLICT);
        assertThat(reject(state, mig("mim-2m.8gb")).code()).isEqualTo(Fit.Code.MODE_CONFLICT);
        assertThat(reject(state, whole()).code()).isEqualTo(Fit.Code.DEVICE_BUSY);

        // and after release every mode is open again
        DeviceState empty = SliceArithmetic.release(state, "a0");
        assertThat(empty.mode()).isEqualTo(DeviceMode.EMPTY);
        assertThat(SliceArithmetic.fits(empty, smlu(256, 1))).isTrue();
    }

    @Test
    void anEmptiedSoftGpuCanSwitchToMig() {
        // given an H100 that held soft shares, all released
        DeviceState state = placeAll(DeviceState.empty(Devices.h100()), soft(1024, 10), soft(2048, 20));
        state = SliceArithmetic.release(SliceArithmetic.release(state, "a1"), "a0");

        // when a MIG profile is asked for
        DeviceState mig = place(state, mig("7g.80gb"), "m").state();

        // then the GPU is in MIG mode
        assertThat(mig.mode()).isEqualTo(DeviceMode.MIG);
    }

    @Test
    void modesAreSupportedAsTheProfileTableSays() {
        assertThat(Devices.rtx4090().supports(DeviceMode.MIG)).isFalse();
        assertThat(Devices.rtx4090().supports(DeviceMode.SOFT)).isTrue();
        assertThat(Devices.h100().supports(DeviceMode.VNPU)).isFalse();
        assertThat(Devices.mlu370x4().supports(DeviceMode.SMLU)).isTrue();
        assertThat(Devices.mlu590().supports(DeviceMode.MIG)).isFalse();
        assertThat(Devices.ascend910B3().supports(DeviceMode.VNPU)).isTrue();
        assertThat(Devices.ascend910B3().supports(DeviceMode.SMLU)).isFalse();
        for (DeviceShape shape : Devices.all()) {
            assertThat(shape.supports(DeviceMode.WHOLE)).isTrue();
            assertThat(shape.supports(DeviceMode.EMPTY)).isTrue();
        }
    }
}
