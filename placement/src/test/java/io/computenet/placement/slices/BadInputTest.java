package io.computenet.placement.slices;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.computenet.placement.slices.Fits.placeAll;
import static io.computenet.placement.slices.Fits.reject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Device-independent mistakes throw; device-dependent ones are rejections with a reason. */
class BadInputTest {

    static Stream<Arguments> requestsThatCannotBeBuilt() {
        return Stream.of(
                Arguments.of((ThrowingCallable) () -> new SliceRequest.Profile(SliceKind.SOFT, "soft"),
                        "a profile request needs kind MIG or VNPU, was SOFT"),
                Arguments.of((ThrowingCallable) () -> new SliceRequest.Profile(SliceKind.SMLU, "smlu"),
                        "a profile request needs kind MIG or VNPU, was SMLU"),
                Arguments.of((ThrowingCallable) () -> new SliceRequest.Profile(null, "1g.10gb"),
                        "a profile request needs kind MIG or VNPU, was null"),
                Arguments.of((ThrowingCallable) () -> SliceRequest.mig(null),
                        "a MIG profile request needs a profile name"),
                Arguments.of((ThrowingCallable) () -> SliceRequest.vnpu("  "),
                        "a VNPU profile request needs a profile name"),
                Arguments.of((ThrowingCallable) () -> new SliceRequest.Share(SliceKind.MIG, 1024, 10),
                        "a share request needs kind SMLU or SOFT, was MIG"),
                Arguments.of((ThrowingCallable) () -> new SliceRequest.Share(SliceKind.VNPU, 1024, 10),
                        "a share request needs kind SMLU or SOFT, was VNPU"),
                Arguments.of((ThrowingCallable) () -> SliceRequest.soft(0, 10),
                        "SOFT share: memoryMiB must be positive, was 0"),
                Arguments.of((ThrowingCallable) () -> SliceRequest.soft(-1024, 10),
                        "SOFT share: memoryMiB must be positive, was -1024"),
                Arguments.of((ThrowingCallable) () -> SliceRequest.smlu(256, 0),
                        "SMLU share: computePct must be within 1..100, was 0"),
                Arguments.of((ThrowingCallable) () -> SliceRequest.smlu(256, 101),
                        "SMLU share: computePct must be within 1..100, was 101"),
                Arguments.of((ThrowingCallable) () -> SliceRequest.soft(256, -5),
                        "SOFT share: computePct must be within 1..100, was -5"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource
    void requestsThatCannotBeBuilt(ThrowingCallable build, String message) {
        // when a request that is wrong for every device is built, then it throws with a clear message
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0} on H100")
    @CsvSource({
            "9g.99gb",
            "1g.18gb",
            "3g.40GB",
            "mim-2m.8gb",
            "vir05_1c_16g",
    })
    void anUnknownMigProfileIsRejectedWithTheProfilesOnOffer(String profile) {
        // given an H100
        // when a profile its table lacks is asked for
        Fit.Rejected rejected = reject(DeviceState.empty(Devices.h100()), SliceRequest.mig(profile));

        // then the reason lists the table
        assertThat(rejected.code()).isEqualTo(Fit.Code.UNSUPPORTED);
        assertThat(rejected.reason()).isEqualTo(profile + ": not a MIG profile of H100 80GB HBM3 (offers 1g.10gb, "
                + "1g.10gb+me, 1g.20gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb)");
    }

    @Test
    void migOnAGpuWithoutMigIsUnsupported() {
        // given an RTX 4090
        // when a MIG profile is asked for
        Fit.Rejected rejected = reject(DeviceState.empty(Devices.rtx4090()), SliceRequest.mig("1g.10gb"));

        // then it says no MIG profiles are offered
        assertThat(rejected.reason()).isEqualTo("1g.10gb: not a MIG profile of GeForce RTX 4090 (it offers no MIG profiles)");
    }

    @Test
    void aVnpuRequestNamingAMigProfileIsUnsupported() {
        // given an H100, when a VNPU request names one of its MIG profiles, then the kind must match too
        Fit.Rejected rejected = reject(DeviceState.empty(Devices.h100()), SliceRequest.vnpu("1g.10gb"));
        assertThat(rejected.code()).isEqualTo(Fit.Code.UNSUPPORTED);
        assertThat(rejected.reason()).isEqualTo("1g.10gb: not a VNPU profile of H100 80GB HBM3 (it offers no VNPU profiles)");
    }

    @Test
    void aShareOnAMigModeGpuIsAModeConflictNotAnException() {
        // given an H100 in MIG mode
        DeviceState state = placeAll(DeviceState.empty(Devices.h100()), SliceRequest.mig("1g.10gb"));

        // when a soft share is asked for
        Fit.Rejected rejected = reject(state, SliceRequest.soft(1024, 10));

        // then it is rejected with the mode named
        assertThat(rejected.reason()).isEqualTo("SOFT share of 1024 MiB / 10%: device is in MIG mode with 1 "
                + "allocation(s); a device cannot mix modes until it is empty");
    }

    @Test
    void fitNeedsAStateARequestAndAFreshId() {
        DeviceState state = placeAll(DeviceState.empty(Devices.h100()), SliceRequest.soft(1024, 10));

        assertThatThrownBy(() -> SliceArithmetic.fit(null, SliceRequest.whole(), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("state and request are required");
        assertThatThrownBy(() -> SliceArithmetic.fit(state, null, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("state and request are required");
        assertThatThrownBy(() -> SliceArithmetic.fit(state, SliceRequest.soft(1, 1), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("allocationId is required");
        assertThatThrownBy(() -> SliceArithmetic.fit(state, SliceRequest.soft(1, 1), "a0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allocation a0 is already on H100 80GB HBM3");
        assertThatThrownBy(() -> SliceArithmetic.fits(state, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SliceArithmetic.release(state, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SliceArithmetic.free(null)).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> shapesThatCannotBeBuilt() {
        SliceProfile ok = Devices.soft("nvidia.com/gpumem");
        List<SliceProfile> withNull = new ArrayList<>();
        withNull.add(null);
        return Stream.of(
                Arguments.of((ThrowingCallable) () -> DeviceShape.of(null, "X", 1, 1, List.of()),
                        "vendor is required"),
                Arguments.of((ThrowingCallable) () -> DeviceShape.of(Vendor.NVIDIA, " ", 1, 1, List.of()),
                        "model is required"),
                Arguments.of((ThrowingCallable) () -> DeviceShape.of(Vendor.NVIDIA, "X", 0, 1, List.of()),
                        "X: memoryMiB must be positive, was 0"),
                Arguments.of((ThrowingCallable) () -> DeviceShape.of(Vendor.NVIDIA, "X", 1, 0, List.of()),
                        "X: computeUnits must be positive, was 0"),
                Arguments.of((ThrowingCallable) () -> DeviceShape.of(Vendor.NVIDIA, "X", 1, 1, -1, List.of()),
                        "X: templateMemoryMiB must be positive, was -1"),
                Arguments.of((ThrowingCallable) () -> DeviceShape.of(Vendor.NVIDIA, "X", 1, 1, null),
                        "X: profiles must not be null"),
                Arguments.of((ThrowingCallable) () -> DeviceShape.of(Vendor.NVIDIA, "X", 1, 1, withNull),
                        "X: profiles must not contain null"),
                Arguments.of((ThrowingCallable) () -> DeviceShape.of(Vendor.NVIDIA, "X", 1, 1, List.of(ok, ok)),
                        "X: profile name soft appears twice"),
                Arguments.of((ThrowingCallable) () -> DeviceShape.of(Vendor.NVIDIA, "X", 1, 1, List.of(
                                new SliceProfile(SliceKind.MIG, "1g.10gb", 1024, 14, 0, "r"))),
                        "X: profile 1g.10gb needs positive memoryMiB, computeUnits and maxInstances"),
                Arguments.of((ThrowingCallable) () -> DeviceShape.of(Vendor.NVIDIA, "X", 1, 1, List.of(
                                new SliceProfile(SliceKind.VNPU, "v", -1, 1, 1, "r"))),
                        "X: profile v needs positive memoryMiB"),
                Arguments.of((ThrowingCallable) () -> DeviceShape.of(Vendor.NVIDIA, "X", 1, 1, List.of(
                                new SliceProfile(null, "v", 1, 1, 1, "r"))),
                        "X: profile needs a kind and a name"),
                Arguments.of((ThrowingCallable) () -> DeviceShape.of(Vendor.CAMBRICON, "X", 1, 1, List.of(
                                Devices.smlu(), new SliceProfile(SliceKind.SMLU, "smlu2", 512, 1, 4, "r"))),
                        "X: more than one SMLU unit profile"),
                Arguments.of((ThrowingCallable) () -> DeviceShape.fromInventory(null), "device is required"),
                Arguments.of((ThrowingCallable) () -> DeviceState.empty(null), "shape is required"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource
    void shapesThatCannotBeBuilt(ThrowingCallable build, String message) {
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    static Stream<Arguments> allocationsThatCannotBeBuilt() {
        return Stream.of(
                Arguments.of((ThrowingCallable) () -> new Allocation(" ", DeviceMode.SOFT, null, 1, 1, -1, 0),
                        "an allocation needs an id"),
                Arguments.of((ThrowingCallable) () -> new Allocation("a", DeviceMode.EMPTY, null, 1, 1, -1, 0),
                        "allocation a: mode must be WHOLE, MIG, VNPU, SMLU or SOFT, was EMPTY"),
                Arguments.of((ThrowingCallable) () -> new Allocation("a", DeviceMode.MIG, null, 1, 1, 0, 1),
                        "allocation a: MIG needs a profile name"),
                Arguments.of((ThrowingCallable) () -> new Allocation("a", DeviceMode.SOFT, "soft", 1, 1, -1, 0),
                        "allocation a: SOFT has no profile name, was soft"),
                Arguments.of((ThrowingCallable) () -> new Allocation("a", DeviceMode.SOFT, null, 0, 1, -1, 0),
                        "allocation a: memoryMiB and compute must be positive, were 0 and 1"),
                Arguments.of((ThrowingCallable) () -> new Allocation("a", DeviceMode.MIG, "7g.80gb", 1, 1, 1, 8),
                        "allocation a: slots 1+8 are not a MIG slot range"),
                Arguments.of((ThrowingCallable) () -> new Allocation("a", DeviceMode.VNPU, "v", 1, 1, 0, 1),
                        "allocation a: slots 0+1 are not a MIG slot range"),
                Arguments.of((ThrowingCallable) () -> new Allocation("a", DeviceMode.SOFT, null, 1, 1, -1, 2),
                        "allocation a: slots -1+2 are not a MIG slot range"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource
    void allocationsThatCannotBeBuilt(ThrowingCallable build, String message) {
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "memoryMiB {0}, compute {1}")
    @CsvSource({"0, 0.5", "-1, 0.5", "1024, -0.01", "1024, 1.01", "1024, NaN"})
    void smallestProfileForRefusesNonsense(long memoryMiB, double computeFraction) {
        DeviceState state = DeviceState.empty(Devices.h100());
        assertThatThrownBy(() -> SliceArithmetic.smallestProfileFor(state, memoryMiB, computeFraction))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(memoryMiB <= 0 ? "memoryMiB must be positive" : "computeFraction must be within 0..1");
    }
}
