package io.computenet.placement.slices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.computenet.placement.slices.Fits.place;
import static io.computenet.placement.slices.Fits.placeMig;
import static io.computenet.placement.slices.Fits.reject;
import static org.assertj.core.api.Assertions.assertThat;

class MigSlotPlacementTest {

    private final DeviceState h100 = DeviceState.empty(Devices.h100());

    @Test
    void placesSevenOneGTenGbInstancesThenRejectsAnEighth() {
        // given an empty H100
        // when seven 1g.10gb are placed
        DeviceState full = placeMig(h100, "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb",
                "1g.10gb");

        // then they sit on slots 0..6 and an eighth is refused by the instance limit
        assertThat(full.allocations()).extracting(Allocation::firstSlot).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(full.usedMigSlots()).isEqualTo(0b0111_1111);
        Fit.Rejected rejected = reject(full, SliceRequest.mig("1g.10gb"));
        assertThat(rejected.code()).isEqualTo(Fit.Code.INSTANCE_LIMIT);
        assertThat(rejected.reason()).isEqualTo("1g.10gb: at most 7 instance(s) per device, 7 placed");
    }

    @Test
    void sevenOneGTenGbInstancesStrandSlotSevenSoNothingElseFits() {
        // given seven 1g.10gb on an H100: slot 7 is free but no profile may start there alone
        DeviceState full = placeMig(h100, "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb",
                "1g.10gb");

        // when a 1g.20gb (2 slots at 0,2,4,6) or a 1g.10gb+me is asked for
        Fit.Rejected twoSlot = reject(full, SliceRequest.mig("1g.20gb"));
        Fit.Rejected media = reject(full, SliceRequest.mig("1g.10gb+me"));

        // then both are refused for want of an aligned slot, and the GPU counts as full
        assertThat(twoSlot.reason()).isEqualTo(
                "1g.20gb: no free aligned slot (needs 2 memory slot(s) starting at 0,2,4,6; free memory slots 7)");
        assertThat(media.code()).isEqualTo(Fit.Code.NO_ALIGNED_SLOT);
        assertThat(full.free()).isEqualTo(new FreeCapacity(0, 0.0));
    }

    @Test
    void rejects3g40gbWhenOnlyUnalignedSlotsAreFree() {
        // given an H100 with 1g.10gb on 0..3 and a 3g.40gb on 4..7, then the 1g.10gb on 1, 2 and 3 released
        DeviceState state = placeMig(h100, "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "3g.40gb");
        assertThat(state.allocation("a4")).get().extracting(Allocation::firstSlot).isEqualTo(4);
        state = SliceArithmetic.release(state, "a1");
        state = SliceArithmetic.release(state, "a2");
        state = SliceArithmetic.release(state, "a3");

        // when another 3g.40gb is asked for
        Fit.Rejected rejected = reject(state, SliceRequest.mig("3g.40gb"));

        // then three free slots are not enough: a 3g.40gb must start at 0 or 4
        assertThat(rejected.code()).isEqualTo(Fit.Code.NO_ALIGNED_SLOT);
        assertThat(rejected.reason()).isEqualTo(
                "3g.40gb: no free aligned slot (needs 4 memory slot(s) starting at 0,4; free memory slots 1,2,3)");
        // and a 2g.20gb still fits at 2
        assertThat(place(state, SliceRequest.mig("2g.20gb"), "x").allocation().firstSlot()).isEqualTo(2);
    }

    @Test
    void places3g40gbOnBothHalvesThenRejectsAThird() {
        // given an empty H100
        // when two 3g.40gb are placed
        DeviceState state = placeMig(h100, "3g.40gb", "3g.40gb");

        // then they cover 4..7 and 0..3 and a third is refused by the instance limit
        assertThat(state.allocations()).extracting(Allocation::firstSlot).containsExactly(4, 0);
        assertThat(state.usedMigSlots()).isEqualTo(0xFF);
        assertThat(reject(state, SliceRequest.mig("3g.40gb")).code()).isEqualTo(Fit.Code.INSTANCE_LIMIT);
        assertThat(reject(state, SliceRequest.mig("1g.10gb")).code()).isEqualTo(Fit.Code.NO_ALIGNED_SLOT);
    }

    @Test
    void aFirst3g40gbGoesHighSoA4g40gbCanStillUseSlotZero() {
        // given an empty H100
        // when a 3g.40gb and then a 4g.40gb are placed
        DeviceState state = placeMig(h100, "3g.40gb", "4g.40gb");

        // then the 3g.40gb took start 4 (both starts leave 4 slots; only 0..3 can still hold a 4g.40gb)
        assertThat(state.allocations()).extracting(Allocation::firstSlot).containsExactly(4, 0);
        assertThat(state.allocations()).extracting(Allocation::slotCount).containsExactly(4, 4);
    }

    @Test
    void a4g40gbCannotFollowA3g40gbRecordedAtSlotZero() {
        // given an H100 whose 3g.40gb was created at slot 0 (e.g. by hand, restored from the node)
        DeviceShape shape = Devices.h100();
        DeviceState state = DeviceState.restore(shape,
                List.of(new Allocation("manual", DeviceMode.MIG, "3g.40gb", 40448, 60, 0, 4)));

        // when a 4g.40gb is asked for
        Fit.Rejected rejected = reject(state, SliceRequest.mig("4g.40gb"));

        // then it is refused: 4g.40gb only starts at 0
        assertThat(rejected.reason()).isEqualTo(
                "4g.40gb: no free aligned slot (needs 4 memory slot(s) starting at 0; free memory slots 4,5,6,7)");
    }

    @Test
    void oneGTenGbPlusMeIsLimitedToOneInstance() {
        // given an H100 with one 1g.10gb+me
        DeviceState state = placeMig(h100, "1g.10gb+me");

        // when a second one is asked for
        Fit.Rejected rejected = reject(state, SliceRequest.mig("1g.10gb+me"));

        // then the table's limit of one refuses it, though plain 1g.10gb still fit
        assertThat(rejected.code()).isEqualTo(Fit.Code.INSTANCE_LIMIT);
        assertThat(rejected.reason()).isEqualTo("1g.10gb+me: at most 1 instance(s) per device, 1 placed");
        assertThat(SliceArithmetic.fits(state, SliceRequest.mig("1g.10gb"))).isTrue();
    }

    @Test
    void oneGTwentyGbTakesTwoSlotsAtEvenStarts() {
        // given an empty H100
        // when four 1g.20gb are placed
        DeviceState state = placeMig(h100, "1g.20gb", "1g.20gb", "1g.20gb", "1g.20gb");

        // then each covers two slots starting at an even slot, and all eight are used by four compute slices
        assertThat(state.allocations()).extracting(Allocation::firstSlot).containsExactlyInAnyOrder(0, 2, 4, 6);
        assertThat(state.allocations()).extracting(Allocation::slotCount).containsOnly(2);
        assertThat(state.usedMigSlots()).isEqualTo(0xFF);
        assertThat(state.freeComputeFraction()).isZero();
    }

    @Test
    void sevenG80gbTakesTheWholeGpuAndLeavesNoRoom() {
        // given an H100 with a 7g.80gb
        DeviceState state = placeMig(h100, "7g.80gb");

        // then every other profile is refused for want of a slot
        for (String profile : List.of("1g.10gb", "1g.10gb+me", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb")) {
            assertThat(reject(state, SliceRequest.mig(profile)).code()).isEqualTo(Fit.Code.NO_ALIGNED_SLOT);
        }
        assertThat(reject(state, SliceRequest.mig("7g.80gb")).code()).isEqualTo(Fit.Code.INSTANCE_LIMIT);
    }

    @Test
    void theAllocationRecordsTheProfilesMemorySmsAndSlots() {
        // given an empty H100
        // when a 2g.20gb is placed
        Fit.Placed placed = place(h100, SliceRequest.mig("2g.20gb"), "lease-1");

        // then the allocation carries the profile's memory (19.62 GiB) and SMs, and its slot range
        assertThat(placed.allocation()).isEqualTo(
                new Allocation("lease-1", DeviceMode.MIG, "2g.20gb", 20091, 32, 0, 2));
        assertThat(placed.allocation().slotMask()).isEqualTo(0b11);
        assertThat(placed.state().mode()).isEqualTo(DeviceMode.MIG);
    }

    static Stream<Arguments> everyProfileAloneUpToItsLimit() {
        return Stream.of(Devices.h100(), Devices.h100Pcie(), Devices.a100(), Devices.a100x40(), Devices.h200())
                .flatMap(shape -> shape.profiles().stream()
                        .filter(p -> p.kind() == io.computenet.contracts.inventory.SliceKind.MIG)
                        .map(p -> Arguments.of(shape, p.name(), p.maxInstances())));
    }

    @ParameterizedTest(name = "{1} on {0}: {2} instance(s)")
    @MethodSource
    void everyProfileAloneUpToItsLimit(DeviceShape shape, String profile, int limit) {
        // given an empty GPU
        DeviceState state = DeviceState.empty(shape);

        // when the profile is placed until it is refused
        int placed = 0;
        while (SliceArithmetic.fit(state, SliceRequest.mig(profile), "i" + placed) instanceof Fit.Placed p) {
            state = p.state();
            placed++;
        }

        // then exactly the table's limit fit (for NVIDIA's tables the geometry allows exactly that many)
        assertThat(placed).isEqualTo(limit);
        assertThat(reject(state, SliceRequest.mig(profile)).code()).isEqualTo(Fit.Code.INSTANCE_LIMIT);
    }

    @ParameterizedTest(name = "H100 accepts {0}")
    @CsvSource({
            "'7g.80gb'",
            "'4g.40gb,3g.40gb'",
            "'3g.40gb,4g.40gb'",
            "'3g.40gb,3g.40gb'",
            "'4g.40gb,2g.20gb,1g.10gb'",
            "'4g.40gb,1g.20gb,1g.20gb'",
            "'4g.40gb,1g.10gb,1g.10gb,1g.10gb'",
            "'3g.40gb,2g.20gb,1g.10gb,1g.10gb'",
            "'3g.40gb,1g.10gb+me,1g.10gb,1g.10gb,1g.10gb'",
            "'2g.20gb,2g.20gb,2g.20gb,1g.10gb'",
            "'2g.20gb,2g.20gb,2g.20gb,1g.20gb'",
            "'1g.20gb,1g.20gb,1g.20gb,1g.20gb'",
            "'1g.10gb,1g.10gb,1g.10gb,1g.10gb,1g.10gb,1g.10gb,1g.10gb'",
            "'1g.10gb+me,1g.10gb,1g.10gb,1g.10gb,1g.10gb,1g.10gb,1g.10gb'",
            "'1g.10gb,3g.40gb,2g.20gb,1g.10gb'",
            "'2g.20gb,1g.10gb,3g.40gb,1g.10gb'",
    })
    void acceptsCombinationsThatTheLgippPlacementsAllow(String profiles) {
        // given an empty H100
        // when the profiles are placed in order
        DeviceState state = placeMig(h100, profiles.split(","));

        // then all are placed without overlapping
        int union = 0;
        for (Allocation a : state.allocations()) {
            assertThat(union & a.slotMask()).isZero();
            union |= a.slotMask();
        }
        assertThat(state.usedMigSlots()).isEqualTo(union);
    }

    @ParameterizedTest(name = "H100 refuses {1} after {0}")
    @CsvSource({
            "'7g.80gb',                                 1g.10gb,    NO_ALIGNED_SLOT",
            "'4g.40gb',                                 4g.40gb,    INSTANCE_LIMIT",
            "'4g.40gb,3g.40gb',                         1g.10gb,    NO_ALIGNED_SLOT",
            "'3g.40gb,3g.40gb',                         7g.80gb,    NO_ALIGNED_SLOT",
            "'1g.10gb',                                 7g.80gb,    NO_ALIGNED_SLOT",
            "'1g.10gb,1g.10gb,1g.10gb,1g.10gb',         4g.40gb,    NO_ALIGNED_SLOT",
            "'2g.20gb,2g.20gb,2g.20gb',                 2g.20gb,    INSTANCE_LIMIT",
            "'2g.20gb,2g.20gb,2g.20gb,1g.10gb',         1g.10gb,    NO_ALIGNED_SLOT",
            "'1g.20gb,1g.20gb,1g.20gb,1g.20gb',         1g.10gb,    NO_ALIGNED_SLOT",
            "'1g.10gb+me',                              1g.10gb+me, INSTANCE_LIMIT",
            "'3g.40gb,2g.20gb,1g.10gb,1g.10gb',         1g.10gb,    NO_ALIGNED_SLOT",
    })
    void refusesCombinationsThePlacementsForbid(String before, String next, Fit.Code code) {
        // given an H100 holding the first profiles
        DeviceState state = placeMig(h100, before.split(","));

        // when one more is asked for
        Fit.Rejected rejected = reject(state, SliceRequest.mig(next));

        // then it is refused for the expected reason, named in the text
        assertThat(rejected.code()).isEqualTo(code);
        assertThat(rejected.reason()).startsWith(next + ": ");
    }

    @Test
    void h200ProfilesUseTheSameSlotGeometry() {
        // given an empty H200
        DeviceState h200 = DeviceState.empty(Devices.h200());

        // when a 3g.71gb, a 2g.35gb and two 1g.18gb are placed
        DeviceState state = placeMig(h200, "3g.71gb", "2g.35gb", "1g.18gb", "1g.18gb");

        // then they tile all eight slots and a 1g.35gb no longer fits
        assertThat(state.usedMigSlots()).isEqualTo(0xFF);
        assertThat(state.allocations()).extracting(Allocation::firstSlot).containsExactly(4, 0, 2, 3);
        assertThat(reject(state, SliceRequest.mig("1g.35gb")).code()).isEqualTo(Fit.Code.NO_ALIGNED_SLOT);
    }

    @Test
    void a100FortyGbNamesMapOneGTenGbToTwoSlots() {
        // given an empty A100 40GB, where 1g.10gb is the 2-slot 1g profile
        DeviceState a100x40 = DeviceState.empty(Devices.a100x40());

        // when a 1g.10gb is placed
        Fit.Placed placed = place(a100x40, SliceRequest.mig("1g.10gb"), "x");

        // then it covers two slots from an even start
        assertThat(placed.allocation().slotCount()).isEqualTo(2);
        assertThat(placed.allocation().firstSlot() % 2).isZero();
    }
}
