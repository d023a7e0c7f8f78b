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

class CnmonInfoParserTest {

    private final CnmonInfoParser parser = new CnmonInfoParser();

    @Test
    void readsCardBlocksOfKeyValueLines() {
        // given
        String text = Fixtures.read("cnmon/synthetic-cnmon-info-mlu370-x8.txt");

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0)).satisfies(mlu -> {
            assertThat(mlu.vendor()).isEqualTo(Vendor.CAMBRICON);
            assertThat(mlu.model()).isEqualTo("MLU370-X8");
            assertThat(mlu.index()).isZero();
            assertThat(mlu.uuid()).isEqualTo("3E3A2B1C-5D6E-4F70-8192-A3B4C5D6E7F0");
            assertThat(mlu.serial()).isEqualTo("SN/6A4A21F00017");
            assertThat(mlu.firmwareVersion()).isEqualTo("v1.1.6");
            assertThat(mlu.driverVersion()).isEqualTo("v5.10.13");
            assertThat(mlu.busId()).isEqualTo("0000:39:00.0");
            assertThat(mlu.memoryMiB()).isEqualTo(23374);
            assertThat(mlu.memoryUsedMiB()).isZero();
            assertThat(mlu.utilizationPct()).isEqualTo(0.0);
            assertThat(mlu.temperatureC()).isEqualTo(32.0);
            assertThat(mlu.powerW()).isEqualTo(106.0);
            assertThat(mlu.health()).isEqualTo(DeviceHealth.OK);
            assertThat(mlu.toolkit()).isEqualTo("NeuWare");
        });
        assertThat(devices.get(1))
                .extracting(DeviceInfo::index, DeviceInfo::busId, DeviceInfo::memoryUsedMiB, DeviceInfo::powerW)
                .containsExactly(1, "0000:3D:00.0", 1024L, 118.0);
    }

    @Test
    void readsNestedSectionsPciPartsAndEccCounts() {
        // given
        String text = Fixtures.read("cnmon/synthetic-cnmon-info-v5-pci-sections-ecc.txt");

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices)
                .extracting(DeviceInfo::index, DeviceInfo::model, DeviceInfo::busId, DeviceInfo::memoryMiB,
                        DeviceInfo::memoryUsedMiB, DeviceInfo::temperatureC, DeviceInfo::powerW, DeviceInfo::health)
                .containsExactly(
                        tuple(0, "MLU370-X4", "0000:1A:00.0", 23308L, 17320L, 78.0, 44.0, DeviceHealth.OK),
                        tuple(1, "MLU370-X4", "0000:1B:00.0", 23308L, 1024L, 51.0, null, DeviceHealth.WARNING));
        assertThat(devices.get(0).utilizationPct()).isEqualTo(66.0);
        assertThat(devices.get(0).driverVersion()).isEqualTo("v5.10.22");
    }

    @Test
    void doesNotMistakeProcessMemoryForDeviceMemory() {
        // given
        String text = Fixtures.read("cnmon/synthetic-cnmon-info-v5-pci-sections-ecc.txt");

        // when
        DeviceInfo mlu = parser.parse(text).get(0);

        // then
        assertThat(mlu.memoryUsedMiB()).isEqualTo(17320L);
        assertThat(mlu.driverVersion()).isEqualTo("v5.10.22");
    }

    @ParameterizedTest
    @CsvSource({"Good, OK", "Warning, WARNING", "Fault, WARNING", "N/A, OK"})
    void readsTheHealthStateOfTheDevice(String state, DeviceHealth expected) {
        // given
        String text = """
                Card 0
                    Product Name                   : MLU370-X4
                    Health State                   :
                        Device                     : %s
                        Driver                     : Running
                    Physical Memory Usage          :
                        Total                      : 23308 MiB
                """.formatted(state);

        // when
        DeviceInfo mlu = parser.parse(text).get(0);

        // then
        assertThat(mlu.health()).isEqualTo(expected);
        assertThat(mlu.driverVersion()).isNull();
    }

    @Test
    void readsUnindentedKeysUnderTheCardLine() {
        // given
        String text = """
                Card 3:
                Product Name        : MLU590-H8
                Driver              : v6.2.10
                Physical Memory Usage :
                  Total             : 81920 MiB
                  Used              : 2048 MiB
                """;

        // when
        DeviceInfo mlu = parser.parse(text).get(0);

        // then
        assertThat(mlu).extracting(DeviceInfo::index, DeviceInfo::model, DeviceInfo::memoryMiB,
                        DeviceInfo::memoryUsedMiB, DeviceInfo::driverVersion)
                .containsExactly(3, "MLU590-H8", 81920L, 2048L, "v6.2.10");
        assertThat(mlu.sliceProfiles()).extracting(SliceProfile::kind)
                .containsExactly(SliceKind.SMLU, SliceKind.SOFT);
    }

    @Test
    void readsSixteenCards() {
        // given
        StringBuilder text = new StringBuilder();
        for (int card = 0; card < 16; card++) {
            text.append("Card ").append(card).append('\n')
                    .append("    Product Name : MLU370-X8\n")
                    .append(String.format("    Bus ID       : 0000:%02x:00.0%n", 0x30 + card))
                    .append("    Physical Memory Usage :\n")
                    .append("        Total    : 23374 MiB\n")
                    .append("        Used     : ").append(card).append(" MiB\n");
        }

        // when
        List<DeviceInfo> devices = parser.parse(text.toString());

        // then
        assertThat(devices).hasSize(16);
        assertThat(devices.get(15)).extracting(DeviceInfo::index, DeviceInfo::busId, DeviceInfo::memoryUsedMiB)
                .containsExactly(15, "0000:3F:00.0", 15L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CNMON v5.10.13\nNo MLU device found\n"})
    void rejectsOutputWithoutCardBlocks(String text) {
        // given / when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("cnmon info output, line 1: no header");
    }

    @Test
    void rejectsDamagedMemoryValueNamingToolAndLine() {
        // given
        String text = Fixtures.read("cnmon/synthetic-cnmon-info-mlu370-x8.txt")
                .replaceFirst("Total                      : 23374 MiB", "Total                      : ??? MiB");

        // when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOfSatisfying(DiscoveryParseException.class, e -> {
                    assertThat(e.tool()).isEqualTo("cnmon info");
                    assertThat(e.lineNumber()).isEqualTo(10);
                    assertThat(e.lineText()).contains("??? MiB");
                })
                .hasMessageContaining("cnmon info output, line 10")
                .hasMessageContaining("Physical Memory Usage Total");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            Card 0\\n    Physical Memory Usage :\\n        Total : 23308 MiB ; 1 ; no Product Name
            Card 0\\n    Product Name : MLU370-X4 ; 1 ; no Physical Memory Usage Total
            Card 0\\n    Product Name : MLU370-X4\\n    this line has no colon ; 3 ; expected a "Key : Value" line
            Card 0\\n    Product Name : MLU370-X4\\n    Bus ID : 39\\n    Physical Memory Usage :\\n        Total : 23308 MiB ; 3 ; Bus ID "39"
            Card 0\\n    Product Name : MLU370-X4\\n    Physical Memory Usage :\\n        Total : 23308 MiB\\n        Used : x MiB ; 5 ; Used "x MiB"
            Card 0\\n    Product Name : MLU370-X4\\n    Physical Memory Usage :\\n        Total : 23308 MiB\\nCard 0 ; 5 ; card 0 is listed twice
            """)
    void rejectsDamagedCardBlocksNamingTheLine(String text, int line, String reason) {
        // given
        String output = text.replace("\\n", "\n") + "\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(output))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("cnmon info output, line " + line + ":")
                .hasMessageContaining(reason);
    }
}
