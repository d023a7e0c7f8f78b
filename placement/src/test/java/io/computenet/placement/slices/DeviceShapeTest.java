package io.computenet.placement.slices;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static io.computenet.placement.slices.Fits.placeAll;
import static io.computenet.placement.slices.Fits.reject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceShapeTest {

    @ParameterizedTest(name = "{0} {1}: {2} slot(s), {3} slice(s), starts {4}")
    @CsvSource({
            "H100,    1g.10gb,    1, 1, '0 1 2 3 4 5 6'",
            "H100,    1g.10gb+me, 1, 1, '0 1 2 3 4 5 6'",
            "H100,    1g.20gb,    2, 1, '0 2 4 6'",
            "H100,    2g.20gb,    2, 2, '0 2 4'",
            "H100,    3g.40gb,    4, 3, '0 4'",
            "H100,    4g.40gb,    4, 4, '0'",
            "H100,    7g.80gb,    8, 7, '0'",
            "A100,    1g.10gb,    1, 1, '0 1 2 3 4 5 6'",
            "A100,    3g.40gb,    4, 3, '0 4'",
            "A100-40, 1g.5gb,     1, 1, '0 1 2 3 4 5 6'",
            "A100-40, 1g.10gb,    2, 1, '0 2 4 6'",
            "A100-40, 2g.10gb,    2, 2, '0 2 4'",
            "A100-40, 4g.20gb,    4, 4, '0'",
            "H200,    1g.18gb,    1, 1, '0 1 2 3 4 5 6'",
            "H200,    1g.18gb+me, 1, 1, '0 1 2 3 4 5 6'",
            "H200,    1g.35gb,    2, 1, '0 2 4 6'",
            "H200,    2g.35gb,    2, 2, '0 2 4'",
            "H200,    3g.71gb,    4, 3, '0 4'",
            "H200,    4g.71gb,    4, 4, '0'",
            "H200,    7g.141gb,   8, 7, '0'",
    })
    void derivesTheLgippPlacementFromTheProfileName(String gpu, String profile, int slots, int slices,
                                                    String starts) {
        // given a GPU's MIG table
        DeviceShape shape = switch (gpu) {
            case "H100" -> Devices.h100();
            case "A100" -> Devices.a100();
            case "A100-40" -> Devices.a100x40();
            case "H200" -> Devices.h200();
            default -> throw new IllegalArgumentException(gpu);
        };

        // when the profile's placement is looked up
        MigPlacement placement = shape.migPlacement(profile).orElseThrow();

        // then it is the row nvidia-smi mig -lgipp reports
        assertThat(shape.hasMigSlotModel()).isTrue();
        assertThat(placement.memorySlots()).isEqualTo(slots);
        assertThat(placement.computeSlices()).isEqualTo(slices);
        assertThat(placement.starts()).isEqualTo(Arrays.stream(starts.split(" ")).map(Integer::valueOf).toList());
    }

    @Test
    void mimPartitionsOnAnMlu370AreCountedNotSlotted() {
        // given an MLU370-X4 whose MIM profile has the MIG kind and a limit of 2
        DeviceShape shape = Devices.mlu370x4();
        assertThat(shape.hasMigSlotModel()).isFalse();
        assertThat(shape.migPlacement("mim-2m.8gb")).isEmpty();

        // when two partitions are placed
        DeviceState state = placeAll(DeviceState.empty(shape), SliceRequest.mig("mim-2m.8gb"),
                SliceRequest.mig("mim-2m.8gb"));

        // then they carry no slots and a third is refused by the limit
        assertThat(state.allocations()).extracting(Allocation::firstSlot).containsOnly(-1);
        assertThat(state.usedMemoryMiB()).isEqualTo(16384);
        assertThat(reject(state, SliceRequest.mig("mim-2m.8gb")).code()).isEqualTo(Fit.Code.INSTANCE_LIMIT);
        assertThat(state.free()).isEqualTo(new FreeCapacity(0, 0.0));
    }

    @Test
    void a30sFourSlotTableIsCountedByPartitionShare() {
        // given an A30 (no 7g profile: not the 8-slot model): 1g.6gb x4, 2g.12gb x2, 4g.24gb x1
        DeviceShape shape = Devices.a30();
        assertThat(shape.hasMigSlotModel()).isFalse();

        // when a 2g.12gb (half the GPU) and a 1g.6gb (a quarter) are placed
        DeviceState state = placeAll(DeviceState.empty(shape), SliceRequest.mig("2g.12gb"),
                SliceRequest.mig("1g.6gb"));

        // then another 2g.12gb no longer fits, a 1g.6gb does
        Fit.Rejected rejected = reject(state, SliceRequest.mig("2g.12gb"));
        assertThat(rejected.code()).isEqualTo(Fit.Code.INSUFFICIENT_COMPUTE);
        assertThat(rejected.reason()).isEqualTo("2g.12gb: needs 2/4 of the device, 1/4 free");
        assertThat(SliceArithmetic.fits(state, SliceRequest.mig("1g.6gb"))).isTrue();
        assertThat(state.freeComputeFraction()).isEqualTo(0.25);
    }

    @Test
    void aCountedMigTableStillKeepsMemoryWithinTheDevice() {
        // given a made-up MIG-kind table whose partitions would overcommit memory: 3 x 10 GiB on 24 GiB
        DeviceShape shape = DeviceShape.of(Vendor.CAMBRICON, "X", 24576, DeviceShape.PERCENT, List.of(
                new SliceProfile(SliceKind.MIG, "p", 10240, 1, 3, "r")));
        DeviceState state = placeAll(DeviceState.empty(shape), SliceRequest.mig("p"), SliceRequest.mig("p"));

        // when a third is asked for, then memory refuses it
        Fit.Rejected rejected = reject(state, SliceRequest.mig("p"));
        assertThat(rejected.reason()).isEqualTo("p: needs 10240 MiB, 4096 MiB free");
    }

    @Test
    void aTableWithAnUnknownNameIsCountedRatherThanGuessed() {
        // given an NVIDIA table with a name that matches no lgipp row (5g) next to a 7g profile
        DeviceShape shape = DeviceShape.of(Vendor.NVIDIA, "Future GPU", 81920, DeviceShape.PERCENT, List.of(
                Devices.mig("5g.60gb", "59", 100, 1), Devices.mig("7g.80gb", "79", 132, 1)));

        // then no slot model is assumed
        assertThat(shape.hasMigSlotModel()).isFalse();
        assertThat(shape.migPlacement("7g.80gb")).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} MiB -> {2} AI cores, {3} MiB of templates")
    @CsvSource({
            "Ascend910B2,   65536, 24, 65536",
            "Ascend910B3,   65536, 20, 65536",
            "Ascend910B4-1, 65536, 20, 65536",
            "Ascend910B4,   32768, 20, 32768",
            "Ascend910C,    65536, 20, 65536",
            "Ascend310P3,   21527, 8,  24576",
            "910B3,         65536, 20, 65536",
            "ascend310p3,   21527, 8,  24576",
            "Ascend910A,    32768, 100, 32768",
    })
    void fromInventoryTakesAscendTotalsFromTheChipTable(String model, long memoryMiB, int cores, long templates) {
        // given an Ascend device as the node agent reports it
        DeviceShape shape = DeviceShape.fromInventory(Devices.ascendInfo(model, memoryMiB, List.of()));

        // then its AI cores and nominal template memory come from the chip table; its memory stays as reported
        assertThat(shape.computeUnits()).isEqualTo(cores);
        assertThat(shape.templateMemoryMiB()).isEqualTo(templates);
        assertThat(shape.memoryMiB()).isEqualTo(memoryMiB);
    }

    @Test
    void fromInventoryKeepsNvidiaAndCambriconInPercent() {
        DeviceShape h100 = DeviceShape.fromInventory(Devices.info(Vendor.NVIDIA, "H100 80GB HBM3", 81559,
                Devices.withSoft(Devices.H100_80GB_MIG, "nvidia.com/gpumem")));
        assertThat(h100.computeUnits()).isEqualTo(DeviceShape.PERCENT);
        assertThat(h100).isEqualTo(Devices.h100());
        assertThat(h100.hashCode()).isEqualTo(Devices.h100().hashCode());
        assertThat(DeviceState.of(Devices.info(Vendor.CAMBRICON, "MLU590", 65536, List.of(Devices.smlu())))
                .computeUnits()).isEqualTo(DeviceShape.PERCENT);
    }

    @Test
    void computeFractionPerKind() {
        DeviceShape h100 = Devices.h100();
        assertThat(h100.computeFraction(h100.profile(SliceKind.MIG, "3g.40gb").orElseThrow())).isEqualTo(3 / 7.0);
        DeviceShape b3 = Devices.ascend910B3();
        assertThat(b3.computeFraction(b3.profile(SliceKind.VNPU, "vir05_1c_16g").orElseThrow())).isEqualTo(0.25);
        DeviceShape mlu = Devices.mlu370x4();
        assertThat(mlu.computeFraction(mlu.profile(SliceKind.MIG, "mim-2m.8gb").orElseThrow())).isEqualTo(0.5);
        assertThat(mlu.computeFraction(mlu.profile(SliceKind.SMLU, "smlu").orElseThrow())).isEqualTo(0.01);
        assertThatThrownBy(() -> h100.computeFraction(b3.profiles().get(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a profile of H100");
    }

    @Test
    void migPlacementRejectsImpossibleRows() {
        assertThatThrownBy(() -> new MigPlacement(1, 2, 0b1000_0000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MigPlacement(8, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MigPlacement(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new MigPlacement(3, 4, 0b0001_0001).slotsFrom(4)).isEqualTo(0b1111_0000);
    }
}
