package io.computenet.nodeagent.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            '  +-----+----+   '                  | true
            '\t+=====+====+\t'                  | true
            '|-----|'                            | true
            '---------'                          | true
            '= = ='                              | true
            '+   +'                              | false
            '|  |'                               | false
            '+'                                  | false
            ''                                   | false
            '   '                                | false
            '+--x--+'                            | false
            '+---+ 0'                            | false
            '+\u2500\u2500\u2500+'                | false
            """)
    void borderNeedsARuleAndNothingButRulesBarsAndBlanks(String line, boolean border) {
        // given
        String text = line.translateEscapes();

        // when / then
        assertThat(BoxTable.isBorder(new SourceLine("npu-smi", 1, text))).isEqualTo(border);
    }

    @ParameterizedTest
    @MethodSource("io.computenet.nodeagent.discovery.TextScanTest#edgeCases")
    void borderAgreesWithTheRegularExpressionItReplaced(String text) {
        // given
        String t = text.strip();
        boolean expected = !t.isEmpty() && OLD_BORDER.matcher(t).matches();

        // when / then
        assertThat(BoxTable.isBorder(new SourceLine("cnmon", 1, text))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("io.computenet.nodeagent.discovery.TextScanTest#edgeCases")
    void cellsAndRowsAgreeWithTheStringOperationsTheyReplaced(String text) {
        // given
        SourceLine line = new SourceLine("cnmon", 1, text);

        // when / then
        assertThat(BoxTable.cells(line)).isEqualTo(oldCells(text));
        assertThat(BoxTable.isRow(line)).isEqualTo(text.strip().startsWith("|"));
    }

    @Test
    void splitsCellsAtBarsAndStripsThem() {
        // given / when / then
        assertThat(BoxTable.cells(new SourceLine("npu-smi", 1, "| 0     910B3 | OK |\t ")))
                .containsExactly("0     910B3", "OK");
        assertThat(BoxTable.cells(new SourceLine("npu-smi", 1, "| a ||  | b |"))).containsExactly("a", "", "", "b");
        assertThat(BoxTable.cells(new SourceLine("npu-smi", 1, "|"))).containsExactly("");
        assertThat(BoxTable.cells(new SourceLine("npu-smi", 1, "no bars"))).containsExactly("no bars");
        assertThat(BoxTable.cells(new SourceLine("cnmon", 1, "| 显卡 0 | 正常 |"))).containsExactly("显卡 0", "正常");
    }

    @Test
    void rowStartsWithABarAfterLeadingBlanks() {
        // given / when / then
        assertThat(BoxTable.isRow(new SourceLine("cnmon", 1, " \t| 0 |"))).isTrue();
        assertThat(BoxTable.isRow(new SourceLine("cnmon", 1, "+---+"))).isFalse();
        assertThat(BoxTable.isRow(new SourceLine("cnmon", 1, "   "))).isFalse();
        assertThat(BoxTable.isRow(new SourceLine("cnmon", 1, ""))).isFalse();
    }

    @Test
    void readsHeaderNamesAndTokensSeparatedByTabsAndRunsOfSpaces() {
        // given
        BoxTable header = BoxTable.header(new SourceLine("cnmon", 1, "| Card\tVF   Name |  | Util  Ecc-Error |"));

        // when / then
        assertThat(header.names()).containsExactly("Card", "VF", "Name", "Util", "Ecc-Error");
        assertThat(BoxTable.tokens("0\t/  MLU370-X8")).containsExactly("0", "/", "MLU370-X8");
        assertThat(BoxTable.tokens("   ")).isEmpty();
    }

    private static final java.util.regex.Pattern OLD_BORDER =
            java.util.regex.Pattern.compile("[+|]?[-=+|\\s]*[-=][-=+|\\s]*[+|]?");

    /** BoxTable.cells as it was, with String operations and a regex split. */
    private static List<String> oldCells(String text) {
        String t = text.strip();
        if (t.startsWith("|")) {
            t = t.substring(1);
        }
        if (t.endsWith("|")) {
            t = t.substring(0, t.length() - 1);
        }
        List<String> cells = new java.util.ArrayList<>();
        for (String cell : t.split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
