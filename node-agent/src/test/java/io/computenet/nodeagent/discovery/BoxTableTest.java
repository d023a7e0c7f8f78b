package io.computenet.nodeagent.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BoxTableTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0           0    / 0          3338 / 65536     # 0, 0/0, 3338/65536
            0           0    / 0          56152/ 65536     # 0, 0/0, 56152/65536
            0%   32C        106 W/ 250 W                   # 0%, 32C, 106W/250W
            0 MiB/ 23374 MiB                               # 0MiB/23374MiB
            10240 MiB/1048576 MiB                          # 10240MiB/1048576MiB
            0     /   MLU370-X8    v1.1.6                  # 0, /, MLU370-X8, v1.1.6
            0%                N/A                          # 0%, N/A
            NA          52                0     / 0        # NA, 52, 0/0
            """)
    void keepsUsagePairsTogetherAndSplitsTheRestOnWhitespace(String line) {
        // given
        String[] parts = line.split("#");
        String cell = parts[0];
        List<String> expected = List.of(parts[1].strip().split(",\\s*"));

        // when
        List<String> tokens = BoxTable.tokens(cell);

        // then
        assertThat(tokens).containsExactlyElementsOf(expected);
    }

    @Test
    void bindsValuesToHeaderNamesCellByCell() {
        // given
        BoxTable header = BoxTable.header(new SourceLine("npu-smi", 5,
                "| Chip  Phy-ID              | Bus-Id        | AICore(%)   Memory-Usage(MB)  HBM-Usage(MB)        |"));
        SourceLine row = new SourceLine("npu-smi", 8,
                "| 1     1                   | 0000:9F:00.0  | 0           0    / 0          46084/ 65536         |");

        // when
        Map<String, String> values = header.bind(row);

        // then
        assertThat(values).containsExactly(
                Map.entry("chip", "1"), Map.entry("phy-id", "1"), Map.entry("bus-id", "0000:9F:00.0"),
                Map.entry("aicore(%)", "0"), Map.entry("memory-usage(mb)", "0/0"),
                Map.entry("hbm-usage(mb)", "46084/65536"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            '+---------------------------+---------------+------+' | true
            '|===============================+=======|'            | true
            '+------------------------------------------------+'   | true
            '| 0     910B3               | OK            |'        | false
            '| Processes:                                  |'       | false
            """)
    void recognisesBorders(String line, boolean border) {
        // given / when / then
        assertThat(BoxTable.isBorder(new SourceLine("cnmon", 1, line))).isEqualTo(border);
    }
}
