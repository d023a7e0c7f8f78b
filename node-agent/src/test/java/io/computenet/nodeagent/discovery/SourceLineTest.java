package io.computenet.nodeagent.discovery;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SourceLineTest {

    @Test
    void numbersLinesFromOneAcrossMixedLineBreaks() {
        // given
        String output = "title\r\n| 0 | OK |\r\n\n+---+\rlast";

        // when
        List<SourceLine> lines = SourceLine.split("npu-smi", output);

        // then
        assertThat(lines).extracting(SourceLine::number).containsExactly(1, 2, 3, 4, 5);
        assertThat(lines).extracting(SourceLine::text).containsExactly("title", "| 0 | OK |", "", "+---+", "last");
    }

    @Test
    void dropsAByteOrderMarkAndOneTrailingLineBreakOnly() {
        // given / when / then
        assertThat(SourceLine.split("cnmon", "\uFEFFa\n\n")).extracting(SourceLine::text).containsExactly("a", "");
        assertThat(SourceLine.split("cnmon", "\uFEFF")).isEmpty();
        assertThat(SourceLine.split("cnmon", "")).isEmpty();
        assertThat(SourceLine.split("cnmon", null)).isEmpty();
    }

    @Test
    void keepsTabsTrailingBlanksAndUnicodeInTheLineText() {
        // given
        String output = "\tGPU  Name \t\n| 显卡 | \uD83D\uDE80 |  \n";

        // when
        List<SourceLine> lines = SourceLine.split("nvidia-smi", output);

        // then
        assertThat(lines).extracting(SourceLine::text).containsExactly("\tGPU  Name \t", "| 显卡 | \uD83D\uDE80 |  ");
        assertThat(lines.get(0).indent()).isEqualTo(4);
        assertThat(lines.get(1).firstNonBlank()).isEqualTo('|');
        assertThat(new SourceLine("t", 1, " \t ").firstNonBlank()).isEqualTo((char) 0);
    }
}
