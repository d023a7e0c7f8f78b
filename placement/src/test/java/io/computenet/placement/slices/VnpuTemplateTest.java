package io.computenet.placement.slices;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.computenet.placement.slices.Fits.place;
import static io.computenet.placement.slices.Fits.placeAll;
import static io.computenet.placement.slices.Fits.reject;
import static io.computenet.placement.slices.SliceRequest.vnpu;
import static org.assertj.core.api.Assertions.assertThat;

class VnpuTemplateTest {

    @Test
    void rejectsAVir10WhenOnlyFiveAiCoresAreLeft() {
        // given a 910B3 (20 AI cores, 64 GB) holding a vir10_3c_32g and a vir05_1c_16g
        DeviceState state = placeAll(DeviceState.empty(Devices.ascend910B3()),
                vnpu("vir10_3c_32g"), vnpu("vir05_1c_16g"));

        // when another vir10_3c_32g is asked for
        Fit.Rejected rejected = reject(state, vnpu("vir10_3c_32g"));

        // then the cores run out first
        assertThat(rejected.code()).isEqualTo(Fit.Code.INSUFFICIENT_COMPUTE);
        assertThat(rejected.reason()).isEqualTo("vir10_3c_32g: needs 10 AI cores, 5 free");
        // and the last vir05_1c_16g still fits exactly
        DeviceState full = place(state, vnpu("vir05_1c_16g"), "last").state();
        assertThat(full.usedMemoryMiB()).isEqualTo(65536);
        assertThat(full.free()).isEqualTo(new FreeCapacity(0, 0.0));
    }

    @Test
    void theAllocationCarriesTheTemplatesCoresAndMemory() {
        // given an empty 910B2
        // when a vir06_1c_16g is placed
        Fit.Placed placed = place(DeviceState.empty(Devices.ascend910B2()), vnpu("vir06_1c_16g"), "job-7");

        // then it records 6 AI cores and 16 GB, no slots
        assertThat(placed.allocation()).isEqualTo(
                new Allocation("job-7", DeviceMode.VNPU, "vir06_1c_16g", 16384, 6, -1, 0));
        assertThat(placed.state().mode()).isEqualTo(DeviceMode.VNPU);
        assertThat(placed.state().freeComputeFraction()).isEqualTo(18 / 24.0);
    }

    static Stream<Arguments> everyTemplateAloneUpToItsLimit() {
        return Stream.of(Devices.ascend910B2(), Devices.ascend910B3(), Devices.ascend910B4dash1(),
                        Devices.ascend910B4(), Devices.ascend310P3(), Devices.ascend310P3AsCatalogued())
                .flatMap(shape -> shape.profiles().stream().filter(p -> p.kind() == SliceKind.VNPU)
                        .map(p -> Arguments.of(shape.model(), shape, p.name(), p.maxInstances())));
    }

    @ParameterizedTest(name = "{2} on {0}: {3}")
    @MethodSource
    void everyTemplateAloneUpToItsLimit(String model, DeviceShape shape, String template, int limit) {
        // given an empty chip
        DeviceState state = DeviceState.empty(shape);

        // when the template is placed until refused
        int placed = 0;
        while (SliceArithmetic.fit(state, vnpu(template), "v" + placed) instanceof Fit.Placed p) {
            state = p.state();
            placed++;
        }

        // then exactly the table's limit fits, and cores and memory never exceed the chip's totals
        assertThat(placed).as(model).isEqualTo(limit);
        assertThat(state.usedMemoryMiB()).isLessThanOrEqualTo(shape.templateMemoryMiB());
        int cores = state.allocations().stream().mapToInt(Allocation::compute).sum();
        assertThat(cores).isLessThanOrEqualTo(shape.computeUnits());
    }

    @ParameterizedTest(name = "{0}: {1} fits, then {2} is refused ({3})")
    @CsvSource({
            "910B3,   'vir10_3c_32g,vir05_1c_16g,vir05_1c_16g',              vir05_1c_16g, INSUFFICIENT_COMPUTE",
            "910B3,   'vir05_1c_16g,vir05_1c_16g,vir05_1c_16g,vir05_1c_16g', vir10_3c_32g, INSUFFICIENT_COMPUTE",
            "910B3,   'vir10_3c_32g,vir10_3c_32g',                           vir05_1c_16g, INSUFFICIENT_COMPUTE",
            "910B2,   'vir12_3c_32g,vir06_1c_16g,vir03_1c_8g,vir03_1c_8g',   vir03_1c_8g,  INSUFFICIENT_COMPUTE",
            "910B2,   'vir12_3c_32g,vir12_3c_32g',                           vir12_3c_32g, INSTANCE_LIMIT",
            "910B2,   'vir06_1c_16g,vir06_1c_16g,vir06_1c_16g',              vir12_3c_32g, INSUFFICIENT_COMPUTE",
            "910B4,   'vir10_3c_16g,vir05_1c_8g,vir05_1c_8g',                vir05_1c_8g,  INSUFFICIENT_COMPUTE",
            "910B4-1, 'vir10_3c_32g,vir05_1c_16g',                           vir10_3c_32g, INSUFFICIENT_COMPUTE",
            "310P3,   'vir04,vir02,vir01,vir01',                             vir01,        INSUFFICIENT_COMPUTE",
            "310P3,   'vir04,vir04',                                         vir01,        INSUFFICIENT_COMPUTE",
            "310P3,   'vir02,vir02,vir02,vir02',                             vir02,        INSTANCE_LIMIT",
    })
    void mixesTemplatesUpToTheChipsTotals(String chip, String templates, String next, Fit.Code code) {
        // given an empty chip
        DeviceState state = DeviceState.empty(shape(chip));

        // when the templates are placed
        for (String template : templates.split(",")) {
            state = place(state, vnpu(template), "v" + state.allocations().size()).state();
        }

        // then the next one is refused for the expected reason
        assertThat(reject(state, vnpu(next)).code()).isEqualTo(code);
    }

    @Test
    void twoVir04FillA310P3BecauseTemplatesDivideTheNominal24Gb() {
        // given a 310P3 reporting 21527 MB usable, with the chip's own limits (vir04 x2)
        DeviceState state = DeviceState.empty(Devices.ascend310P3());
        assertThat(state.memoryMiB()).isEqualTo(21527);
        assertThat(state.shape().templateMemoryMiB()).isEqualTo(24576);

        // when two vir04 (4 cores, 12 GB each) are placed
        DeviceState full = placeAll(state, vnpu("vir04"), vnpu("vir04"));

        // then the chip's 8 cores and 24 GB are used up
        assertThat(full.usedMemoryMiB()).isEqualTo(24576);
        assertThat(reject(full, vnpu("vir01")).reason()).isEqualTo("vir01: needs 1 AI cores, 0 free");
    }

    @Test
    void respectsTheTablesInstanceLimitEvenWhenCoresAndMemoryWouldAllowMore() {
        // given a 310P3 whose table (as the node agent catalogues it today) allows one vir04
        DeviceState state = placeAll(DeviceState.empty(Devices.ascend310P3AsCatalogued()), vnpu("vir04"));

        // when a second vir04 is asked for
        Fit.Rejected rejected = reject(state, vnpu("vir04"));

        // then the table's limit wins, though 4 cores and 12 GB are free
        assertThat(rejected.reason()).isEqualTo("vir04: at most 1 instance(s) per device, 1 placed");
    }

    @Test
    void rejectsATemplateWhoseMemoryExceedsWhatIsLeft() {
        // given a chip shape whose template memory is smaller than its cores suggest (usable memory as total)
        DeviceShape shape = DeviceShape.of(Vendor.HUAWEI_ASCEND, "Ascend310P3", 21527, 8,
                Devices.templates310P(8, 4, 2));
        DeviceState state = DeviceState.empty(shape);
        for (int i = 0; i < 7; i++) {
            state = place(state, vnpu("vir01"), "v" + i).state();
        }

        // when an eighth vir01 is asked for
        Fit.Rejected rejected = reject(state, vnpu("vir01"));

        // then memory, not cores, refuses it
        assertThat(rejected.code()).isEqualTo(Fit.Code.INSUFFICIENT_MEMORY);
        assertThat(rejected.reason()).isEqualTo("vir01: needs 3072 MiB, 23 MiB free");
    }

    @Test
    void aTemplateOfAnotherChipIsNotOffered() {
        // given a 910B3
        DeviceState state = DeviceState.empty(Devices.ascend910B3());

        // when a 910B2 template is asked for
        Fit.Rejected rejected = reject(state, vnpu("vir12_3c_32g"));

        // then the reason lists what the chip offers
        assertThat(rejected.code()).isEqualTo(Fit.Code.UNSUPPORTED);
        assertThat(rejected.reason())
                .isEqualTo("vir12_3c_32g: not a VNPU profile of Ascend910B3 (offers vir05_1c_16g, vir10_3c_32g)");
    }

    private static DeviceShape shape(String chip) {
        return switch (chip) {
            case "910B2" -> Devices.ascend910B2();
            case "910B3" -> Devices.ascend910B3();
            case "910B4" -> Devices.ascend910B4();
            case "910B4-1" -> Devices.ascend910B4dash1();
            case "310P3" -> Devices.ascend310P3();
            default -> throw new IllegalArgumentException(chip);
        };
    }
}
