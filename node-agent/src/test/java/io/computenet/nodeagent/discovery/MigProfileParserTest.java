package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class MigProfileParserTest {

    private final MigProfileParser parser = new MigProfileParser();

    @Test
    void readsTheRealRowOnlyA100Output() {
        // given
        String text = Fixtures.read("nvidia-smi/mig-lgip-a100-80gb.txt");

        // when
        Map<Integer, List<SliceProfile>> profiles = parser.parse(text);

        // then
        assertThat(profiles).containsOnlyKeys(7);
        assertThat(profiles.get(7))
                .extracting(SliceProfile::name, SliceProfile::memoryMiB, SliceProfile::computeUnits,
                        SliceProfile::maxInstances)
                .containsExactly(
                        tuple("1g.10gb", 9728L, 14, 7),
                        tuple("1g.10gb+me", 9728L, 14, 1),
                        tuple("1g.20gb", 19968L, 14, 4),
                        tuple("2g.20gb", 19968L, 28, 3),
                        tuple("3g.40gb", 40192L, 42, 2),
                        tuple("4g.40gb", 40192L, 56, 1),
                        tuple("7g.80gb", 80896L, 98, 1));
        assertThat(profiles.get(7)).allSatisfy(p -> assertThat(p.kind()).isEqualTo(SliceKind.MIG));
        assertThat(profiles.get(7).get(0).resourceName()).isEqualTo("nvidia.com/mig-1g.10gb");
    }

    @Test
    void readsTheFullTableWithHeaderBordersAndContinuationRows() {
        // given
        String text = Fixtures.read("nvidia-smi/synthetic-mig-lgip-h100-full-table.txt");

        // when
        Map<Integer, List<SliceProfile>> profiles = parser.parse(text);

        // then
        assertThat(profiles).containsOnlyKeys(0);
        assertThat(profiles.get(0)).hasSize(7)
                .extracting(SliceProfile::name, SliceProfile::memoryMiB, SliceProfile::computeUnits,
                        SliceProfile::maxInstances, SliceProfile::resourceName)
                .startsWith(tuple("1g.10gb", 9984L, 16, 7, "nvidia.com/mig-1g.10gb"))
                .endsWith(tuple("7g.80gb", 81152L, 132, 1, "nvidia.com/mig-7g.80gb"));
    }

    @Test
    void groupsProfilesPerGpuAndUsesTotalNotFreeInstances() {
        // given
        String text = Fixtures.read("nvidia-smi/synthetic-mig-lgip-h200-two-gpus-partly-used.txt");

        // when
        Map<Integer, List<SliceProfile>> profiles = parser.parse(text);

        // then
        assertThat(profiles).containsOnlyKeys(0, 1);
        assertThat(profiles.get(0)).extracting(SliceProfile::name, SliceProfile::maxInstances)
                .containsExactly(tuple("1g.18gb", 7), tuple("3g.71gb", 2), tuple("7g.141gb", 1));
        assertThat(profiles.get(1)).extracting(SliceProfile::name, SliceProfile::memoryMiB)
                .containsExactly(tuple("1g.18gb", 16384L), tuple("2g.35gb", 33280L), tuple("7g.141gb", 143360L));
    }

    @Test
    void bindsColumnsByTheHeaderNames() {
        // given
        String text = """
                | GPU   Name            Memory  Instances  ID   SM   P2P  DEC  ENC |
                |   3   MIG 2g.20gb     19.50   3/3        14   28   No   2    0   |
                """;

        // when
        Map<Integer, List<SliceProfile>> profiles = parser.parse(text);

        // then
        assertThat(profiles.get(3)).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("2g.20gb");
            assertThat(p.memoryMiB()).isEqualTo(19968);
            assertThat(p.computeUnits()).isEqualTo(28);
            assertThat(p.maxInstances()).isEqualTo(3);
        });
    }

    @ParameterizedTest
    @CsvSource({"9.50, 9728", "19.62, 20091", "39.25, 40192", "79.00, 80896", "140.00, 143360"})
    void convertsGibToMib(String gib, long mib) {
        // given
        String text = "|   0  MIG 1g.10gb         19     7/7        " + gib + "       No     14     0     0   |\n";

        // when
        SliceProfile profile = parser.parse(text).get(0).get(0);

        // then
        assertThat(profile.memoryMiB()).isEqualTo(mib);
    }

    @ParameterizedTest
    @ValueSource(strings = {"No MIG-supported devices found.", "No GPU instance profiles found"})
    void readsNothingFoundMessagesAsNoProfiles(String message) {
        // given / when
        Map<Integer, List<SliceProfile>> profiles = parser.parse(message + "\n");

        // then
        assertThat(profiles).isEmpty();
    }

    @Test
    void returnsNoProfilesForAHeaderWithoutRows() {
        // given
        String text = """
                +-----------------------------------------------------------------------------+
                | GPU instance profiles:                                                      |
                | GPU   Name             ID    Instances   Memory     P2P    SM    DEC   ENC  |
                |                              Free/Total   GiB              CE    JPEG  OFA  |
                |=============================================================================|
                +-----------------------------------------------------------------------------+
                """;

        // when
        Map<Integer, List<SliceProfile>> profiles = parser.parse(text);

        // then
        assertThat(profiles).isEmpty();
    }

    @Test
    void rejectsEmptyOutput() {
        // given / when / then
        assertThatThrownBy(() -> parser.parse(""))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("nvidia-smi mig -lgip output, line 1: no header");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            |   7  MIG 1g.10gb         19     7/x        9.50       No     14     0     0   | ; instances "7/x"
            |   7  MIG 1g.10gb         19     8/7        9.50       No     14     0     0   | ; not a valid free/total
            |   7  MIG 1g.10gb         19     7/7        lots       No     14     0     0   | ; memory GiB "lots"
            |   7  MIG 1g.10gb         19     7/7        9.50       No     ?      0     0   | ; SM count "?"
            |   7  MIG 1g.10gb         19     7/7        9.50       No     14               | ; expected a GPU instance profile row
            |   G  MIG 1g.10gb         19     7/7        9.50       No     14     0     0   | ; GPU "G"
            Failed to display GPU instance profiles: Insufficient Permissions            ; expected a GPU instance profile row
            """)
    void rejectsDamagedProfileRowsNamingToolAndLine(String row, String reason) {
        // given
        String text = Fixtures.read("nvidia-smi/mig-lgip-a100-80gb.txt") + row + "\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOfSatisfying(DiscoveryParseException.class, e -> {
                    assertThat(e.tool()).isEqualTo("nvidia-smi mig -lgip");
                    assertThat(e.lineNumber()).isEqualTo(8);
                    assertThat(e.lineText()).isEqualTo(row);
                })
                .hasMessageContaining("line 8")
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsAProfileListedTwiceForTheSameGpu() {
        // given
        String row = "|   7  MIG 1g.10gb         19     7/7        9.50       No     14     0     0   |";
        String text = row + "\n" + row + "\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("listed twice");
    }
}
