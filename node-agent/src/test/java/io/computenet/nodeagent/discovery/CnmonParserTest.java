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

class CnmonParserTest {

    private static final String V5_HEADER = """
            +------------------------------------------------------------------------------+
            | CNMON v5.10.13                                               Driver v5.10.13 |
            +-------------------------------+----------------------+-----------------------+
            | Card  VF  Name       Firmware |               Bus-Id | Util        Ecc-Error |
            | Fan   Temp      Pwr:Usage/Cap |         Memory-Usage | SR-IOV   Compute-Mode |
            |===============================+======================+=======================|
            """;

    private final CnmonParser parser = new CnmonParser();

    @Test
    void readsTheRealMlu370X8Output() {
        // given
        String text = Fixtures.read("cnmon/mlu370-x8-v5.10.13.txt");

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0)).satisfies(mlu -> {
            assertThat(mlu.vendor()).isEqualTo(Vendor.CAMBRICON);
            assertThat(mlu.model()).isEqualTo("MLU370-X8");
            assertThat(mlu.index()).isZero();
            assertThat(mlu.chipId()).isNull();
            assertThat(mlu.busId()).isEqualTo("0000:39:00.0");
            assertThat(mlu.memoryMiB()).isEqualTo(23374);
            assertThat(mlu.memoryUsedMiB()).isZero();
            assertThat(mlu.utilizationPct()).isEqualTo(0.0);
            assertThat(mlu.temperatureC()).isEqualTo(32.0);
            assertThat(mlu.powerW()).isEqualTo(106.0);
            assertThat(mlu.firmwareVersion()).isEqualTo("v1.1.6");
            assertThat(mlu.driverVersion()).isEqualTo("v5.10.13");
            assertThat(mlu.toolkit()).isEqualTo("NeuWare");
            assertThat(mlu.health()).isEqualTo(DeviceHealth.OK);
        });
        assertThat(devices.get(1))
                .extracting(DeviceInfo::index, DeviceInfo::busId, DeviceInfo::temperatureC)
                .containsExactly(1, "0000:3D:00.0", 39.0);
    }

    @Test
    void readsTheOlderLayoutWithDateLineInitedDriverAndVirtualMemory() {
        // given
        String text = Fixtures.read("cnmon/synthetic-mlu370-x4-v4.20.11-date-inited-driver.txt");

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices)
                .extracting(DeviceInfo::index, DeviceInfo::model, DeviceInfo::memoryMiB, DeviceInfo::memoryUsedMiB,
                        DeviceInfo::powerW, DeviceInfo::utilizationPct)
                .containsExactly(
                        tuple(0, "MLU370-X4", 23308L, 0L, 30.0, 0.0),
                        tuple(1, "MLU370-X4", 23308L, 0L, 25.0, 0.0),
                        tuple(2, "MLU370-X4", 23308L, 12288L, 96.0, 41.0));
        assertThat(devices).allSatisfy(mlu -> {
            assertThat(mlu.driverVersion()).isEqualTo("v4.20.11");
            assertThat(mlu.busId()).isNull();
            assertThat(mlu.health()).isEqualTo(DeviceHealth.OK);
        });
    }

    @Test
    void doesNotReadProcessTableAsDevicesAndFlagsEccErrors() {
        // given
        String text = Fixtures.read("cnmon/synthetic-mlu370-x8-v5.10.13-processes-ecc.txt");

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices)
                .extracting(DeviceInfo::index, DeviceInfo::health, DeviceInfo::memoryUsedMiB, DeviceInfo::busId)
                .containsExactly(
                        tuple(0, DeviceHealth.OK, 20480L, "0000:39:00.0"),
                        tuple(1, DeviceHealth.WARNING, 0L, "0000:3D:00.0"));
    }

    @Test
    void attachesMimSmluAndSoftProfiles() {
        // given
        String text = Fixtures.read("cnmon/mlu370-x8-v5.10.13.txt");

        // when
        DeviceInfo mlu = parser.parse(text).get(0);

        // then
        assertThat(mlu.sliceProfiles())
                .extracting(SliceProfile::kind, SliceProfile::name, SliceProfile::memoryMiB)
                .containsExactly(
                        tuple(SliceKind.MIG, "mim-2m.8gb", 8192L),
                        tuple(SliceKind.SMLU, "smlu", 256L),
                        tuple(SliceKind.SOFT, "soft", 1L));
    }

    @Test
    void readsSixteenCards() {
        // given
        StringBuilder text = new StringBuilder(V5_HEADER);
        for (int card = 0; card < 16; card++) {
            text.append(String.format("| %-5d /   MLU370-X8    v1.1.6 |         0000:%02X:00.0 | 0%%                N/A |%n",
                    card, 0x30 + card));
            text.append(String.format("|  0%%   %dC        106 W/ 250 W |     0 MiB/ 23374 MiB | N/A           Default |%n",
                    30 + card));
            text.append("+-------------------------------+----------------------+-----------------------+\n");
        }

        // when
        List<DeviceInfo> devices = parser.parse(text.toString());

        // then
        assertThat(devices).hasSize(16);
        assertThat(devices.get(15)).extracting(DeviceInfo::index, DeviceInfo::busId, DeviceInfo::temperatureC)
                .containsExactly(15, "0000:3F:00.0", 45.0);
    }

    @Test
    void returnsNoDevicesForAHeaderWithoutCards() {
        // given
        String text = V5_HEADER + """
                +------------------------------------------------------------------------------+
                | Processes:                                                                   |
                """;

        // when
        List<DeviceInfo> devices = parser.parse(text);

        // then
        assertThat(devices).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Error: can not find MLU device\n", "Sat Oct  8 11:22:22 2022\n"})
    void rejectsOutputWithoutTheCardHeader(String text) {
        // given / when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("cnmon output, line 1: no header");
    }

    @Test
    void rejectsDamagedMemoryValueNamingToolAndLine() {
        // given
        String text = Fixtures.read("cnmon/mlu370-x8-v5.10.13.txt").replace("0 MiB/ 23374 MiB |", "0 MiB/ lots MiB |");

        // when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOfSatisfying(DiscoveryParseException.class, e -> {
                    assertThat(e.tool()).isEqualTo("cnmon");
                    assertThat(e.lineNumber()).isEqualTo(8);
                    assertThat(e.lineText()).contains("lots MiB");
                })
                .hasMessageContaining("cnmon output, line 8");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            | 0     /   MLU370-X8    v1.1.6 |         0000:39:00.0 | 0%                N/A | ; 7 ; no partner
            | 0     /   MLU370-X8    v1.1.6 |         0000:39:00.0 | 0%                N/A |\\n|  0%   32C        106 W/ 250 W |     0 MiB/     0 MiB | N/A           Default | ; 8 ; must be positive
            | 0     /   MLU370-X8    v1.1.6 |         0000:39:00.0 | 0%               many |\\n|  0%   32C        106 W/ 250 W |     0 MiB/ 23374 MiB | N/A           Default | ; 7 ; Ecc-Error "many"
            | 0     /   MLU370-X8    v1.1.6 |         0000:39:00.0 | 0%                N/A |\\n|  0%   hot        106 W/ 250 W |     0 MiB/ 23374 MiB | N/A           Default | ; 8 ; Temp "hot"
            | 0     /   MLU370-X8    v1.1.6 |         0000:39:00.0 | 0%                N/A |\\n|  0%   32C        106 W/ 250 W |     0 MiB/ 23374 MiB | ; 8 ; expected 3 |-separated cells
            | A     /   MLU370-X8    v1.1.6 |         0000:39:00.0 | 0%                N/A |\\n|  0%   32C        106 W/ 250 W |     0 MiB/ 23374 MiB | N/A           Default | ; 7 ; Card "A"
            """)
    void rejectsDamagedCardLinesNamingTheLine(String rows, int line, String reason) {
        // given
        String text = V5_HEADER + rows.replace("\\n", "\n") + "\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("cnmon output, line " + line + ":")
                .hasMessageContaining(reason);
    }
}
