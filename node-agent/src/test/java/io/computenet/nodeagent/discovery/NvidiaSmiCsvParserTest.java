package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.MigInstance;
import io.computenet.contracts.inventory.MigMode;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class NvidiaSmiCsvParserTest {

    private final NvidiaSmiCsvParser parser = new NvidiaSmiCsvParser();

    @Test
    void readsTheRealH100QueryOutput() {
        // given
        String csv = Fixtures.read("nvidia-smi/h100-query-gpu.csv");

        // when
        List<DeviceInfo> devices = parser.parse(csv);

        // then
        assertThat(devices).singleElement().satisfies(gpu -> {
            assertThat(gpu.vendor()).isEqualTo(Vendor.NVIDIA);
            assertThat(gpu.model()).isEqualTo("H100 80GB HBM3");
            assertThat(gpu.index()).isZero();
            assertThat(gpu.memoryMiB()).isEqualTo(81559);
            assertThat(gpu.health()).isEqualTo(DeviceHealth.OK);
            assertThat(gpu.toolkit()).isEqualTo("CUDA");
            assertThat(gpu.chipId()).isNull();
            assertThat(gpu.uuid()).isNull();
            assertThat(gpu.busId()).isNull();
            assertThat(gpu.memoryUsedMiB()).isNull();
            assertThat(gpu.powerW()).isNull();
            assertThat(gpu.driverVersion()).isNull();
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            NVIDIA H100 80GB HBM3   | H100 80GB HBM3
            NVIDIA A100-SXM4-80GB   | A100-SXM4-80GB
            NVIDIA H200             | H200
            NVIDIA GeForce RTX 4090 | GeForce RTX 4090
            Tesla V100-SXM2-32GB    | V100-SXM2-32GB
            NVIDIA Tesla T4         | T4
            Quadro RTX 8000         | Quadro RTX 8000
            """)
    void stripsVendorPrefixesFromTheModelName(String printed, String model) {
        // given
        String csv = "index, name, memory.total [MiB]\n0, " + printed + ", 1024 MiB\n";

        // when
        DeviceInfo gpu = parser.parse(csv).get(0);

        // then
        assertThat(gpu.model()).isEqualTo(model);
    }

    @Test
    void readsExtraFieldsWithUnitsForEightGpus() {
        // given
        String csv = Fixtures.read("nvidia-smi/synthetic-8x-a100-full-query-units.csv");

        // when
        List<DeviceInfo> devices = parser.parse(csv);

        // then
        assertThat(devices).hasSize(8)
                .extracting(DeviceInfo::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(devices).allSatisfy(gpu -> {
            assertThat(gpu.model()).isEqualTo("A100-SXM4-80GB");
            assertThat(gpu.memoryMiB()).isEqualTo(81920);
            assertThat(gpu.driverVersion()).isEqualTo("535.104.05");
            assertThat(gpu.uuid()).startsWith("GPU-");
        });
        assertThat(devices.get(2)).satisfies(gpu -> {
            assertThat(gpu.uuid()).isEqualTo("GPU-8a77ac61-94c3-c2b8-d7b7-24d0c99e4982");
            assertThat(gpu.busId()).isEqualTo("0000:47:00.0");
            assertThat(gpu.memoryUsedMiB()).isEqualTo(40536L);
            assertThat(gpu.utilizationPct()).isEqualTo(87.0);
            assertThat(gpu.temperatureC()).isEqualTo(58.0);
            assertThat(gpu.powerW()).isEqualTo(312.44);
        });
        assertThat(devices).extracting(DeviceInfo::busId).containsExactly(
                "0000:07:00.0", "0000:0F:00.0", "0000:47:00.0", "0000:4E:00.0",
                "0000:87:00.0", "0000:90:00.0", "0000:B7:00.0", "0000:BD:00.0");
    }

    @Test
    void readsTheSameValuesWithAndWithoutUnits() {
        // given
        String withUnits = Fixtures.read("nvidia-smi/synthetic-8x-a100-full-query-units.csv");
        String noUnits = Fixtures.read("nvidia-smi/synthetic-8x-a100-full-query-nounits.csv");

        // when
        List<DeviceInfo> fromUnits = parser.parse(withUnits);
        List<DeviceInfo> fromNoUnits = parser.parse(noUnits);

        // then
        assertThat(fromNoUnits).isEqualTo(fromUnits);
    }

    @Test
    void readsColumnsByHeaderNameInAnyOrder() {
        // given
        String csv = Fixtures.read("nvidia-smi/synthetic-reordered-columns-mixed-models.csv");

        // when
        List<DeviceInfo> devices = parser.parse(csv);

        // then
        assertThat(devices)
                .extracting(DeviceInfo::index, DeviceInfo::model, DeviceInfo::memoryMiB, DeviceInfo::driverVersion)
                .containsExactly(
                        tuple(0, "H200", 143771L, "550.90.07"),
                        tuple(1, "GeForce RTX 4090", 24564L, "550.90.07"),
                        tuple(2, "V100-SXM2-32GB", 32768L, "550.90.07"));
        assertThat(devices.get(2).uuid()).isEqualTo("GPU-f124aa59-d406-d45b-9481-8fcd694e6c9e");
    }

    @Test
    void readsNotAvailableAndNotSupportedValuesAsNull() {
        // given
        String csv = Fixtures.read("nvidia-smi/synthetic-not-available-values.csv");

        // when
        List<DeviceInfo> devices = parser.parse(csv);

        // then
        assertThat(devices).hasSize(3);
        assertThat(devices.get(0)).satisfies(gpu -> {
            assertThat(gpu.serial()).isNull();
            assertThat(gpu.powerW()).isNull();
            assertThat(gpu.memoryUsedMiB()).isEqualTo(1L);
            assertThat(gpu.temperatureC()).isEqualTo(36.0);
            assertThat(gpu.firmwareVersion()).isEqualTo("95.02.18.80.87");
        });
        assertThat(devices.get(1)).satisfies(gpu -> {
            assertThat(gpu.memoryUsedMiB()).isNull();
            assertThat(gpu.utilizationPct()).isNull();
            assertThat(gpu.powerW()).isEqualTo(17.42);
            assertThat(gpu.busId()).isEqualTo("0000:41:00.0");
        });
        assertThat(devices.get(2)).satisfies(gpu -> {
            assertThat(gpu.model()).isEqualTo("H100 80GB HBM3");
            assertThat(gpu.serial()).isEqualTo("1652823051234");
            assertThat(gpu.memoryMiB()).isEqualTo(81559);
            assertThat(gpu.temperatureC()).isNull();
            assertThat(gpu.health()).isEqualTo(DeviceHealth.OK);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"[N/A]", "[Not Supported]", "N/A", "[Unknown Error]"})
    void readsEachNotAvailableMarkerAsNull(String marker) {
        // given
        String csv = "index, name, memory.total [MiB], power.draw [W]\n0, NVIDIA H100 80GB HBM3, 81559 MiB, "
                + marker + "\n";

        // when
        DeviceInfo gpu = parser.parse(csv).get(0);

        // then
        assertThat(gpu.powerW()).isNull();
    }

    @Test
    void ignoresThrottleReasonsAndReadsHealthFromEccAndRetiredPages() {
        // given
        String csv = Fixtures.read("nvidia-smi/synthetic-throttle-and-ecc.csv");

        // when
        List<DeviceInfo> devices = parser.parse(csv);

        // then
        assertThat(devices).extracting(DeviceInfo::health).containsExactly(
                DeviceHealth.OK, DeviceHealth.CRITICAL, DeviceHealth.WARNING, DeviceHealth.OK);
    }

    @Test
    void readsAliasColumnsWhenTheCanonicalColumnIsAbsent() {
        // given
        String csv = "gpu_name, gpu_bus_id, memory.total [MiB], power.draw.instant [W], power.draw.average [W]\n"
                + "NVIDIA H200, 00000000:1B:00.0, 143771 MiB, 120.50 W, 118.00 W\n";

        // when
        DeviceInfo gpu = parser.parse(csv).get(0);

        // then
        assertThat(gpu).extracting(DeviceInfo::model, DeviceInfo::busId, DeviceInfo::powerW)
                .containsExactly("H200", "0000:1B:00.0", 120.5);
    }

    @Test
    void prefersTheCanonicalColumnOverItsAlias() {
        // given
        String csv = "index, name, memory.total [MiB], power.draw.instant [W], power.draw [W]\n"
                + "0, NVIDIA H200, 143771 MiB, 120.50 W, 99.00 W\n";

        // when
        DeviceInfo gpu = parser.parse(csv).get(0);

        // then
        assertThat(gpu.powerW()).isEqualTo(99.0);
    }

    @Test
    void usesRowOrderAsIndexWhenTheIndexColumnIsNotQueried() {
        // given
        String csv = "name, memory.total [MiB]\nNVIDIA H200, 143771 MiB\nNVIDIA H200, 143771 MiB\n";

        // when
        List<DeviceInfo> devices = parser.parse(csv);

        // then
        assertThat(devices).extracting(DeviceInfo::index).containsExactly(0, 1);
    }

    @Test
    void readsSixteenGpus() {
        // given
        StringBuilder csv = new StringBuilder("index, name, pci.bus_id, memory.total [MiB]\n");
        IntStream.range(0, 16).forEach(i -> csv.append(i).append(", NVIDIA H100 80GB HBM3, 00000000:")
                .append(String.format("%02X", 0x10 + i)).append(":00.0, 81559 MiB\n"));

        // when
        List<DeviceInfo> devices = parser.parse(csv.toString());

        // then
        assertThat(devices).hasSize(16);
        assertThat(devices.get(15).index()).isEqualTo(15);
        assertThat(devices.get(15).busId()).isEqualTo("0000:1F:00.0");
    }

    @Test
    void attachesCatalogMigProfilesAndSoftSlicing() {
        // given
        String csv = Fixtures.read("nvidia-smi/h100-query-gpu.csv");

        // when
        DeviceInfo gpu = parser.parse(csv).get(0);

        // then
        assertThat(gpu.sliceProfiles()).extracting(SliceProfile::kind, SliceProfile::name)
                .contains(tuple(SliceKind.MIG, "1g.10gb"), tuple(SliceKind.MIG, "7g.80gb"),
                        tuple(SliceKind.SOFT, "soft"));
    }

    @Test
    void attachesMigProfilesReportedByTheGpuInsteadOfTheCatalog() {
        // given: GPUs 4, 5 and (here) 7 have MIG enabled, the others disabled; -lgip reported GPU 7's profiles
        String csv = withMigEnabledOnGpu7(Fixtures.read("nvidia-smi/synthetic-8x-a100-full-query-units.csv"));
        Map<Integer, List<SliceProfile>> reported =
                new MigProfileParser().parse(Fixtures.read("nvidia-smi/mig-lgip-a100-80gb.txt"));

        // when
        List<DeviceInfo> devices = parser.parse(csv, reported);

        // then: GPU 7 offers what it reported, GPU 4 (enabled, nothing reported) the catalog's table
        assertThat(devices.get(7).sliceProfiles()).filteredOn(p -> p.kind() == SliceKind.MIG)
                .containsExactlyElementsOf(reported.get(7));
        assertThat(devices.get(4).sliceProfiles()).filteredOn(p -> p.kind() == SliceKind.MIG)
                .extracting(SliceProfile::name).contains("1g.10gb", "7g.80gb");
    }

    @Test
    void readsTheMigModeAndAGpuWithMigDisabledOffersNoMigProfiles() {
        // given
        String csv = Fixtures.read("nvidia-smi/synthetic-8x-a100-full-query-units.csv");

        // when
        List<DeviceInfo> devices = parser.parse(csv);

        // then
        assertThat(devices).extracting(DeviceInfo::migMode).containsExactly(MigMode.DISABLED, MigMode.DISABLED,
                MigMode.DISABLED, MigMode.DISABLED, MigMode.ENABLED, MigMode.ENABLED, MigMode.DISABLED,
                MigMode.DISABLED);
        assertThat(devices.get(0).sliceProfiles()).extracting(SliceProfile::kind).containsExactly(SliceKind.SOFT);
        assertThat(devices.get(0).migInstances()).isEmpty();
        assertThat(devices.get(4).sliceProfiles()).extracting(SliceProfile::kind).contains(SliceKind.MIG);
        assertThat(devices.get(4).migInstances()).as("instances not asked for: not known").isNull();
    }

    @Test
    void aGpuWithoutMigSupportOrWithoutTheColumnHasNoMigMode() {
        // when
        List<DeviceInfo> notSupported = parser.parse(Fixtures.read("nvidia-smi/synthetic-not-available-values.csv"));
        DeviceInfo noColumn = parser.parse(Fixtures.read("nvidia-smi/h100-query-gpu.csv")).get(0);

        // then: [N/A] and [Not Supported] are no MIG; without the column the catalog's profiles stay
        assertThat(notSupported).extracting(DeviceInfo::migMode).containsExactly(null, null, MigMode.DISABLED);
        assertThat(notSupported).extracting(DeviceInfo::migInstances).containsExactly(null, null, List.of());
        assertThat(noColumn.migMode()).isNull();
        assertThat(noColumn.sliceProfiles()).extracting(SliceProfile::kind).contains(SliceKind.MIG);
    }

    @Test
    void attachesTheGpuInstancesOfMigEnabledGpus() {
        // given: two H100s with MIG enabled and the instances -lgi listed; a third with MIG disabled
        String csv = "index, name, memory.total [MiB], mig.mode.current\n"
                + "0, NVIDIA H100 80GB HBM3, 81559 MiB, Enabled\n"
                + "1, NVIDIA H100 80GB HBM3, 81559 MiB, Enabled\n"
                + "2, NVIDIA H100 80GB HBM3, 81559 MiB, Disabled\n"
                + "3, NVIDIA H100 80GB HBM3, 81559 MiB, Enabled\n";
        Map<Integer, List<MigInstance>> instances = new MigInstanceParser().parse(
                Fixtures.read("nvidia-smi/synthetic-mig-lgi-h100-two-gpus.txt"));

        // when
        List<DeviceInfo> devices = parser.parse(csv, Map.of(), instances);

        // then
        assertThat(devices.get(0).migInstances()).extracting(MigInstance::profile)
                .containsExactly("1g.10gb", "1g.10gb", "1g.10gb+me", "3g.40gb");
        assertThat(devices.get(1).migInstances()).containsExactly(new MigInstance(0, "7g.80gb", 0, 0, 8));
        assertThat(devices.get(2).migInstances()).isEmpty();
        assertThat(devices.get(3).migInstances()).as("enabled, none listed").isEmpty();
    }

    @Test
    void rejectsAnUnknownMigModeNamingTheLine() {
        // given
        String csv = "index, name, memory.total [MiB], mig.mode.current\n0, NVIDIA H100 80GB HBM3, 81559 MiB, Pending\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(csv)).isInstanceOf(DiscoveryParseException.class)
                .hasMessageStartingWith("nvidia-smi output, line 2: mig.mode.current \"Pending\" is neither Enabled"
                        + " nor Disabled");
    }

    @Test
    void rejectsMigInstancesForAGpuTheCsvDoesNotList() {
        // given
        String csv = Fixtures.read("nvidia-smi/h100-query-gpu.csv");

        // when / then
        assertThatThrownBy(() -> parser.parse(csv, Map.of(), Map.of(5, List.of(new MigInstance(1, "3g.40gb", 9, 0, 4)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GPU 5");
    }

    private static String withMigEnabledOnGpu7(String csv) {
        String[] lines = csv.split("\n", -1);
        lines[8] = lines[8].replace("Disabled", "Enabled");
        return String.join("\n", lines);
    }

    @Test
    void rejectsMigProfilesForAGpuTheCsvDoesNotList() {
        // given
        String csv = Fixtures.read("nvidia-smi/h100-query-gpu.csv");
        Map<Integer, List<SliceProfile>> reported =
                new MigProfileParser().parse(Fixtures.read("nvidia-smi/mig-lgip-a100-80gb.txt"));

        // when / then
        assertThatThrownBy(() -> parser.parse(csv, reported))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GPU 7");
    }

    @Test
    void returnsNoDevicesForAHeaderWithoutRows() {
        // given
        String csv = "index, name, memory.total [MiB]\n";

        // when
        List<DeviceInfo> devices = parser.parse(csv);

        // then
        assertThat(devices).isEmpty();
    }

    @Test
    void readsWindowsLineEndingsAndBlankLines() {
        // given
        String csv = "index, name, memory.total [MiB]\r\n\r\n0, NVIDIA H100 80GB HBM3, 81559 MiB\r\n";

        // when
        List<DeviceInfo> devices = parser.parse(csv);

        // then
        assertThat(devices).extracting(DeviceInfo::memoryMiB).containsExactly(81559L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n\n"})
    void rejectsEmptyOutputAsHavingNoHeader(String output) {
        // given / when / then
        assertThatThrownBy(() -> parser.parse(output))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("nvidia-smi")
                .hasMessageContaining("line 1")
                .hasMessageContaining("no header");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0, NVIDIA H100 80GB HBM3, 81559 MiB",
            "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
            "No devices were found"})
    void rejectsOutputWithoutCsvHeader(String output) {
        // given / when / then
        assertThatThrownBy(() -> parser.parse(output + "\n"))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("nvidia-smi output, line 1: no header")
                .hasMessageContaining(output);
    }

    @Test
    void rejectsDamagedMemoryValueNamingToolAndLine() {
        // given
        String csv = "index, name, memory.total [MiB]\n0, NVIDIA H100 80GB HBM3, 81559 MiB\n"
                + "1, NVIDIA H100 80GB HBM3, eighty MiB\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(csv))
                .isInstanceOfSatisfying(DiscoveryParseException.class, e -> {
                    assertThat(e.tool()).isEqualTo("nvidia-smi");
                    assertThat(e.lineNumber()).isEqualTo(3);
                    assertThat(e.lineText()).isEqualTo("1, NVIDIA H100 80GB HBM3, eighty MiB");
                })
                .hasMessageContaining("line 3")
                .hasMessageContaining("memory.total")
                .hasMessageContaining("1, NVIDIA H100 80GB HBM3, eighty MiB");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0, NVIDIA H100 80GB HBM3, [N/A]                 | memory.total is not reported
            0, NVIDIA H100 80GB HBM3, 0 MiB                 | memory.total must be positive
            0, NVIDIA H100 80GB HBM3, 80 GiB                | unexpected unit
            0, [N/A], 81559 MiB                             | name is not reported
            x, NVIDIA H100 80GB HBM3, 81559 MiB             | index "x" is not a whole number
            0, NVIDIA H100 80GB HBM3                        | expected 3 comma-separated values
            0, NVIDIA H100 80GB HBM3, 81559 MiB, extra      | expected 3 comma-separated values
            """)
    void rejectsDamagedRowsWithTheReason(String row, String reason) {
        // given
        String csv = "index, name, memory.total [MiB]\n" + row + "\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(csv))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsDamagedOptionalValuesInsteadOfDroppingThem() {
        // given
        String csv = "index, name, memory.total [MiB], power.draw [W]\n0, NVIDIA H100 80GB HBM3, 81559 MiB, hot\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(csv))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("power.draw \"hot\" is not a number");
    }

    @Test
    void rejectsAHeaderWithoutTheMemoryColumn() {
        // given
        String csv = "index, name, uuid\n0, NVIDIA H100 80GB HBM3, GPU-1\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(csv))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("memory.total");
    }

    @Test
    void rejectsAGpuIndexListedTwice() {
        // given
        String csv = "index, name, memory.total [MiB]\n0, NVIDIA H200, 143771 MiB\n0, NVIDIA H200, 143771 MiB\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(csv))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("listed twice");
    }

    @Test
    void rejectsAMalformedBusId() {
        // given
        String csv = "index, name, pci.bus_id, memory.total [MiB]\n0, NVIDIA H200, slot-3, 143771 MiB\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(csv))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("pci.bus_id \"slot-3\" is not a PCI bus id");
    }
}
