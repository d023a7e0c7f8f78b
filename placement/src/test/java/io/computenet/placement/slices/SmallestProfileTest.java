package io.computenet.placement.slices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SmallestProfileTest {

    @ParameterizedTest(name = "H100: {0} MiB at {1} of the compute -> {2}")
    @CsvSource({
            "1,     0.0,   1g.10gb",
            "9984,  0.0,   1g.10gb",
            "9985,  0.0,   1g.20gb",
            "10240, 0.0,   1g.20gb",
            "1024,  0.143, 2g.20gb",
            "15360, 0.25,  2g.20gb",
            "20091, 0.0,   1g.20gb",
            "20092, 0.0,   3g.40gb",
            "40448, 0.0,   3g.40gb",
            "40000, 0.5,   4g.40gb",
            "40449, 0.0,   7g.80gb",
            "1,     0.58,  7g.80gb",
            "81152, 1.0,   7g.80gb",
    })
    void picksTheSmallestH100ProfileThatHoldsTheRequest(long memoryMiB, double compute, String expected) {
        // given an H100 (1g.10gb really has 9.75 GiB = 9984 MiB; 1g/2g.20gb 20091; 3g/4g.40gb 40448)
        DeviceState state = DeviceState.empty(Devices.h100());

        // when the smallest profile is looked up
        // then it is the expected one
        assertThat(SliceArithmetic.smallestProfileFor(state, memoryMiB, compute))
                .get().extracting(p -> p.name()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1} MiB at {2} -> {3}")
    @CsvSource({
            "H200,  16384, 0.0,  1g.18gb",
            "H200,  16385, 0.0,  1g.35gb",
            "H200,  40000, 0.0,  3g.71gb",
            "H200,  70000, 0.0,  7g.141gb",
            "910B3, 1,     0.0,  vir05_1c_16g",
            "910B3, 16385, 0.0,  vir10_3c_32g",
            "910B3, 1,     0.3,  vir10_3c_32g",
            "910B2, 8192,  0.0,  vir03_1c_8g",
            "910B2, 8192,  0.2,  vir06_1c_16g",
            "910B4, 10000, 0.0,  vir10_3c_16g",
            "310P3, 4000,  0.0,  vir02",
            "310P3, 1,     0.5,  vir04",
            "MLU370, 4096, 0.0,  mim-2m.8gb",
            "MLU370, 1,    0.5,  mim-2m.8gb",
    })
    void picksTheSmallestFixedProfileOnOtherDevices(String device, long memoryMiB, double compute, String expected) {
        DeviceState state = DeviceState.empty(switch (device) {
            case "H200" -> Devices.h200();
            case "910B3" -> Devices.ascend910B3();
            case "910B2" -> Devices.ascend910B2();
            case "910B4" -> Devices.ascend910B4();
            case "310P3" -> Devices.ascend310P3();
            case "MLU370" -> Devices.mlu370x4();
            default -> throw new IllegalArgumentException(device);
        });
        assertThat(SliceArithmetic.smallestProfileFor(state, memoryMiB, compute))
                .get().extracting(p -> p.name()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} MiB at {1} is more than any H100 profile")
    @CsvSource({"81153, 0.0", "90000, 0.0"})
    void nothingWhenNoProfileIsBigEnough(long memoryMiB, double compute) {
        assertThat(SliceArithmetic.smallestProfileFor(DeviceState.empty(Devices.h100()), memoryMiB, compute))
                .isEmpty();
    }

    @Test
    void nothingOnDevicesWithoutFixedProfiles() {
        // given devices that only share (RTX 4090, MLU590), then no fixed profile is offered
        assertThat(SliceArithmetic.smallestProfileFor(DeviceState.empty(Devices.rtx4090()), 1, 0.0)).isEmpty();
        assertThat(SliceArithmetic.smallestProfileFor(DeviceState.empty(Devices.mlu590()), 1, 0.0)).isEmpty();
    }

    @Test
    void prefersThePlainProfileOverItsMediaExtensionTwin() {
        // given an A100, where 1g.10gb and 1g.10gb+me have the same memory and compute
        // when 1 GiB is asked for, then the plain one (7 per GPU) wins over +me (1 per GPU)
        assertThat(SliceArithmetic.smallestProfileFor(DeviceState.empty(Devices.a100()), 1024, 0.0))
                .get().extracting(p -> p.name()).isEqualTo("1g.10gb");
    }

    @Test
    void consultsTheTableNotTheOccupancy() {
        // given an H100 running a 7g.80gb
        DeviceState state = Fits.placeMig(DeviceState.empty(Devices.h100()), "7g.80gb");

        // when a small profile is looked up, then it is still named (fit decides whether it goes on this GPU)
        assertThat(SliceArithmetic.smallestProfileFor(state, 1024, 0.0)).get()
                .extracting(p -> p.name()).isEqualTo("1g.10gb");
    }
}
