package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class NpuSmiInfoParserTest {

    private static final String HEADER = """
            +------------------------------------------------------------------------------------------------+
            | npu-smi 23.0.7                   Version: 23.0.7                                               |
            +---------------------------+---------------+----------------------------------------------------+
            | NPU   Name                | Health        | Power(W)    Temp(C)           Hugepages-Usage(page)|
            | Chip                      | Bus-Id        | AICore(%)   Memory-Usage(MB)  HBM-Usage(MB)        |
            +===========================+===============+====================================================+
            """;

    private final NpuSmiInfoParser parser = new NpuSmiInfoParser();

    @Test
    void readsTheReal910B3Output() {
        // given
        String text = Fixtures.read("npu-smi/910b3-info.txt");

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0)).satisfies(npu -> {
            assertThat(npu.vendor()).isEqualTo(Vendor.HUAWEI_ASCEND);
            assertThat(npu.model()).isEqualTo("Ascend910B3");
            assertThat(npu.index()).isZero();
            assertThat(npu.chipId()).isZero();
            assertThat(npu.busId()).isEqualTo("0000:C1:00.0");
            assertThat(npu.memoryMiB()).isEqualTo(65536);
            assertThat(npu.memoryUsedMiB()).isEqualTo(3338L);
            assertThat(npu.powerW()).isEqualTo(102.8);
            assertThat(npu.temperatureC()).isEqualTo(55.0);
            assertThat(npu.utilizationPct()).isEqualTo(0.0);
            assertThat(npu.health()).isEqualTo(DeviceHealth.OK);
            assertThat(npu.driverVersion()).isEqualTo("23.0.7");
            assertThat(npu.toolkit()).isEqualTo("CANN");
            assertThat(npu.uuid()).isNull();
        });
        assertThat(devices.get(1))
                .extracting(DeviceInfo::index, DeviceInfo::busId, DeviceInfo::memoryUsedMiB, DeviceInfo::powerW,
                        DeviceInfo::temperatureC)
                .containsExactly(1, "0000:C2:00.0", 3337L, 97.6, 54.0);
    }

    @ParameterizedTest
    @CsvSource({
            "npu-smi/910b3-info.txt, Chip, 2",
            "npu-smi/synthetic-910b4-chip-device-ids-from-2-na-values.txt, Chip  Device, 3",
            "npu-smi/synthetic-910c-two-dies-phy-id-with-processes.txt, Chip  Phy-ID, 4"})
    void readsEverySecondHeaderVariant(String fixture, String secondHeader, int expectedDevices) {
        // given
        String text = Fixtures.read(fixture);
        assertThat(text).contains("| " + secondHeader + " ");

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices).hasSize(expectedDevices)
                .allSatisfy(npu -> assertThat(npu.memoryMiB()).isPositive());
    }

    @Test
    void keepsNpuIdsThatDoNotStartAtZeroAndReadsNaValuesAsNull() {
        // given
        String text = Fixtures.read("npu-smi/synthetic-910b4-chip-device-ids-from-2-na-values.txt");

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices)
                .extracting(DeviceInfo::index, DeviceInfo::chipId, DeviceInfo::busId, DeviceInfo::powerW,
                        DeviceInfo::memoryMiB)
                .containsExactly(
                        tuple(2, 0, "0000:81:00.0", 88.4, 32768L),
                        tuple(3, 0, null, null, 32768L),
                        tuple(5, 0, "0000:C1:00.0", null, 32768L));
        assertThat(devices).extracting(DeviceInfo::model).containsOnly("Ascend910B4");
        assertThat(devices.get(2).utilizationPct()).isEqualTo(12.0);
        assertThat(devices.get(2).driverVersion()).isEqualTo("23.0.rc3");
    }

    @Test
    void reads310PCardsThatOnlyHaveMemoryUsage() {
        // given
        String text = Fixtures.read("npu-smi/synthetic-310p3-duo-memory-usage-only.txt");

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices)
                .extracting(DeviceInfo::index, DeviceInfo::chipId, DeviceInfo::memoryMiB, DeviceInfo::memoryUsedMiB,
                        DeviceInfo::busId)
                .containsExactly(
                        tuple(1, 0, 21527L, 1782L, "0000:01:00.0"),
                        tuple(1, 1, 21527L, 3310L, "0000:02:00.0"),
                        tuple(2, 0, 21527L, 1601L, "0000:81:00.0"),
                        tuple(2, 1, 21527L, 1599L, "0000:82:00.0"));
        assertThat(devices).allSatisfy(npu -> {
            assertThat(npu.model()).isEqualTo("Ascend310P3");
            assertThat(npu.powerW()).isNull();
        });
        assertThat(devices.get(1).utilizationPct()).isEqualTo(7.0);
    }

    @Test
    void readsTwoDiesPerCardOfA910C() {
        // given
        String text = Fixtures.read("npu-smi/synthetic-910c-two-dies-phy-id-with-processes.txt");

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices)
                .extracting(DeviceInfo::index, DeviceInfo::chipId, DeviceInfo::busId, DeviceInfo::powerW,
                        DeviceInfo::memoryUsedMiB)
                .containsExactly(
                        tuple(0, 0, "0000:9D:00.0", 166.9, 46536L),
                        tuple(0, 1, "0000:9F:00.0", null, 46084L),
                        tuple(1, 0, "0000:99:00.0", 162.1, 46528L),
                        tuple(1, 1, "0000:9B:00.0", null, 3141L));
        assertThat(devices).allSatisfy(die -> {
            assertThat(die.model()).isEqualTo("Ascend910C");
            assertThat(die.memoryMiB()).isEqualTo(65536);
        });
    }

    @Test
    void readsFiveDigitUsedMemoryTouchingTheSlash() {
        // given
        String text = Fixtures.read("npu-smi/synthetic-910b3-busy-with-process-rows.txt");
        assertThat(text).contains("56152/ 65536");

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices).extracting(DeviceInfo::memoryUsedMiB, DeviceInfo::memoryMiB, DeviceInfo::utilizationPct)
                .containsExactly(tuple(56152L, 65536L, 92.0), tuple(56150L, 65536L, 88.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "npu-smi/910b3-info.txt",
            "npu-smi/synthetic-910b3-busy-with-process-rows.txt",
            "npu-smi/synthetic-910c-two-dies-phy-id-with-processes.txt"})
    void doesNotReadProcessTableAsDevices(String fixture) {
        // given
        String text = Fixtures.read(fixture);

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices).extracting(DeviceInfo::model).allMatch(model -> model.startsWith("Ascend910"));
        assertThat(devices).extracting(DeviceInfo::memoryMiB).containsOnly(65536L);
    }

    @Test
    void mapsHealthWordsOfEveryDevice() {
        // given
        String text = Fixtures.read("npu-smi/synthetic-910b2-health-words.txt");

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices).extracting(DeviceInfo::health).containsExactly(
                DeviceHealth.OK, DeviceHealth.WARNING, DeviceHealth.CRITICAL, DeviceHealth.CRITICAL);
    }

    @ParameterizedTest
    @CsvSource({"OK, OK", "Warning, WARNING", "Alarm, CRITICAL", "Critical, CRITICAL", "CRITICAL, CRITICAL",
            "UNKNOWN, UNKNOWN", "NA, UNKNOWN"})
    void mapsHealthWords(String printed, DeviceHealth expected) {
        // given / when / then
        assertThat(NpuSmiInfoParser.health(printed)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"910B3, false, Ascend910B3", "Ascend910B3, false, Ascend910B3", "310P3, false, Ascend310P3",
            "910B4-1, false, Ascend910B4-1", "Ascend910, true, Ascend910C", "Ascend910, false, Ascend910"})
    void normalisesModelNames(String printed, boolean phyIdLayout, String model) {
        // given / when / then
        assertThat(NpuSmiInfoParser.normaliseModel(printed, phyIdLayout)).isEqualTo(model);
    }

    @Test
    void attachesTheVnpuTemplatesOfTheModel() {
        // given
        String text = Fixtures.read("npu-smi/910b3-info.txt");

        // when
        DeviceInfo npu = parser.parse(text).get(0);

        // then
        assertThat(npu.sliceProfiles())
                .extracting(SliceProfile::kind, SliceProfile::name, SliceProfile::resourceName)
                .containsExactly(
                        tuple(SliceKind.VNPU, "vir05_1c_16g", "huawei.com/Ascend910B3"),
                        tuple(SliceKind.VNPU, "vir10_3c_32g", "huawei.com/Ascend910B3"),
                        tuple(SliceKind.SOFT, "soft", "huawei.com/Ascend910B3-memory"));
    }

    @Test
    void readsSixteenDevices() {
        // given
        StringBuilder text = new StringBuilder(HEADER);
        for (int npu = 0; npu < 16; npu++) {
            text.append(String.format("| %-5d %-20s| %-13s | %-11s %-17d %-5d/ %-13d |%n", npu, "910B3", "OK",
                    "95.0", 40 + npu, 0, 0));
            text.append(String.format("| %-26d| %04X:%02X:00.0  | %-11d %-5d/ %-10d %-5d/ %-13d |%n", 0, 0,
                    0x10 + npu, 0, 0, 0, 3000 + npu, 65536));
            text.append("+===========================+===============+==============================================="
                    + "=====+\n");
        }

        // when
        List<DeviceInfo> devices = parser.parse(text.toString());

        // then
        assertThat(devices).hasSize(16);
        assertThat(devices.get(15)).extracting(DeviceInfo::index, DeviceInfo::busId, DeviceInfo::memoryUsedMiB,
                        DeviceInfo::temperatureC)
                .containsExactly(15, "0000:1F:00.0", 3015L, 55.0);
    }

    @Test
    void returnsNoDevicesForAHeaderWithoutDevices() {
        // given
        String text = HEADER + """
                +---------------------------+---------------+----------------------------------------------------+
                | NPU     Chip              | Process id    | Process name             | Process memory(MB)      |
                +===========================+===============+====================================================+
                """;

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n"})
    void rejectsEmptyOutputAsHavingNoHeader(String text) {
        // given / when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("npu-smi output, line 1: no header");
    }

    @Test
    void rejectsOutputWithoutTheDeviceHeader() {
        // given
        String text = "dcmi model initialized failed, because the device is used. ret is -8020\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("npu-smi output, line 1: no header")
                .hasMessageContaining("dcmi model initialized failed");
    }

    @Test
    void rejectsDamagedMemoryValueNamingToolAndLine() {
        // given
        String text = Fixtures.read("npu-smi/910b3-info.txt").replace("3337 / 65536", "3337 / 6553x");

        // when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOfSatisfying(DiscoveryParseException.class, e -> {
                    assertThat(e.tool()).isEqualTo("npu-smi");
                    assertThat(e.lineNumber()).isEqualTo(11);
                    assertThat(e.lineText()).contains("0000:C2:00.0");
                })
                .hasMessageContaining("npu-smi output, line 11")
                .hasMessageContaining("| 0                         | 0000:C2:00.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            | 0     910B3               | OK            | 102.8       55                0    / 0             | ; 7 ; no partner
            | 0     910B3               | OK            | 102.8       55                0    / 0             |\\n| 0                         | 0000:C1:00.0  | 0           0    / 0          0    / 0             | ; 8 ; no memory total
            | x     910B3               | OK            | 102.8       55                0    / 0             |\\n| 0                         | 0000:C1:00.0  | 0           0    / 0          3338 / 65536         | ; 7 ; NPU "x"
            | 0     910B3               | OK            | hot         55                0    / 0             |\\n| 0                         | 0000:C1:00.0  | 0           0    / 0          3338 / 65536         | ; 7 ; Power(W) "hot"
            | 0     910B3               | OK            | 102.8       55                0    / 0             |\\n| 0                         | C1            | 0           0    / 0          3338 / 65536         | ; 8 ; Bus-Id "C1"
            | 0     910B3               | OK            | 102.8       55                0    / 0             |\\n| 0                         | 0000:C1:00.0  | 0           0    / 0          3338                 | ; 8 ; not a used/total pair
            | 0     910B3               | OK            | 102.8       55                                     |\\n| 0                         | 0000:C1:00.0  | 0           0    / 0          3338 / 65536         | ; 7 ; expected 3 value(s)
            | 0     910B3               | OK            | 102.8       55                0    / 0             |\\n| 0                         | 0000:C1:00.0  | 0           0    / 0          70000 / 65536        | ; 8 ; exceeds total
            | 0     910B3               | OK            | 102.8       55                0    / 0             |\\nsomething else entirely ; 8 ; unexpected line
            """)
    void rejectsDamagedDeviceLinesNamingTheLine(String rows, int line, String reason) {
        // given
        String text = HEADER + rows.replace("\\n", "\n") + "\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("npu-smi output, line " + line + ":")
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsTheSameChipListedTwice() {
        // given
        String device = """
                | 0     910B3               | OK            | 102.8       55                0    / 0             |
                | 0                         | 0000:C1:00.0  | 0           0    / 0          3338 / 65536         |
                +===========================+===============+====================================================+
                """;
        String text = HEADER + device + device;

        // when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("line 11")
                .hasMessageContaining("NPU 0 chip 0 is listed twice");
    }

    @Test
    void rejectsAHeaderWithoutItsSecondLine() {
        // given
        String text = """
                | NPU   Name                | Health        | Power(W)    Temp(C)           Hugepages-Usage(page)|
                | 0     910B3               | OK            | 102.8       55                0    / 0             |
                """;

        // when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("start with Chip");
    }
}
