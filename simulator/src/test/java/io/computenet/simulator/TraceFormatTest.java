package io.computenet.simulator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TraceFormatTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            an object                   | {"nodeId":"a"}          | JSON
            an array after blank lines  | \\n  \\n  [ ]           | JSON
            a byte order mark           | \\uFEFF{}               | JSON
            a CSV header                | sn,cpu_milli,memory_mib | CSV
            a CSV header with a BOM     | \\uFEFFsn,cpu_milli     | CSV
            an empty file               | ``                      | CSV
            """)
    void tellsTheFormatByTheFirstNonBlankCharacter(String what, String text, TraceFormat expected) {
        // given
        String content = text.replace("\\n", "\n").replace("\\uFEFF", "\uFEFF");

        // when / then
        assertThat(TraceFormat.of(content)).isEqualTo(expected);
    }
}
