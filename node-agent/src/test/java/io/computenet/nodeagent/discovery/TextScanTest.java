package io.computenet.nodeagent.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The character scans against the regular expressions they replaced: explicit cases for the layouts the tools print,
 * and the old expressions as oracles over edge cases and random text.
 */
class TextScanTest {

    /** What SourceLine.split did before: the regex split, without a trailing empty line. */
    private static List<String> regexLines(String text) {
        List<String> parts = new ArrayList<>(Arrays.asList(text.split("\r\n|\r|\n", -1)));
        if (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        return parts;
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    static Stream<String> edgeCases() {
        return Stream.of("", " ", "\n", "\r", "\r\n", "\n\r", "\r\r\n\n", "a", "a\n", "a\r\n", "a\r", "\na", "a\n\nb",
                "a\r\n\r\nb\n", "a\rb\nc\r\nd", "  a  b  ", "a\tb", "\ta\t\tb\t", "a \t b", "a\u000Bb\fc",
                "a\u00A0b", "a\u2003b", "\u2003a\u2003", "a\u001Cb", "| a | b |", "|", "||", "| |", "|a||b|",
                "  | x |  ", "GPU  Name  ID", "显卡 0 | 正常 |", "emoji \uD83D\uDE80 | ok |", "0    / 0",
                "+---+", "+===+", "---", "- -", "|-|", "+ +", "|", "+", "=", "+-x-+", "\t+---+\t");
    }

    @Test
    void splitsLinesAtEveryKindOfLineBreak() {
        // given / when / then
        assertThat(TextScan.lines("a\nb\r\nc\rd")).containsExactly("a", "b", "c", "d");
        assertThat(TextScan.lines("a\n\nb\n")).containsExactly("a", "", "b");
        assertThat(TextScan.lines("a\r\r\n")).containsExactly("a", "");
        assertThat(TextScan.lines("\n")).containsExactly("");
        assertThat(TextScan.lines("")).isEmpty();
        assertThat(TextScan.lines("  trailing spaces   \n\tand a tab")).containsExactly("  trailing spaces   ",
                "\tand a tab");
    }

    @Test
    void splitsOnRunsOfWhitespaceLikeTheRegex() {
        // given / when / then
        assertThat(TextScan.splitOnWhitespace("GPU  Name \t ID")).containsExactly("GPU", "Name", "ID");
        assertThat(TextScan.splitOnWhitespace("one")).containsExactly("one");
        assertThat(TextScan.splitOnWhitespace("")).containsExactly("");
        assertThat(TextScan.splitOnWhitespace(" lead")).containsExactly("", "lead");
        assertThat(TextScan.splitOnWhitespace("trail  ")).containsExactly("trail");
        assertThat(TextScan.splitOnWhitespace("   ")).isEmpty();
        // a no-break space is not \s, so it stays inside the token
        assertThat(TextScan.splitOnWhitespace("a\u00A0b c")).containsExactly("a\u00A0b", "c");
    }

    @Test
    void recognisesDigitsOnly() {
        // given / when / then
        assertThat(TextScan.isDigits("0")).isTrue();
        assertThat(TextScan.isDigits("0123456789")).isTrue();
        assertThat(TextScan.isDigits("")).isFalse();
        assertThat(TextScan.isDigits("1.5")).isFalse();
        assertThat(TextScan.isDigits("-1")).isFalse();
        assertThat(TextScan.isDigits(" 1")).isFalse();
        assertThat(TextScan.isDigits("\u0661")).as("Arabic-Indic one is a digit but not [0-9]").isFalse();
    }

    @Test
    void stripsARangeAsStringStripDoes() {
        // given
        String s = "| \t 0 MiB/ 23374 MiB \u2003|";

        // when / then
        assertThat(TextScan.strip(s, 1, s.length() - 1)).isEqualTo(s.substring(1, s.length() - 1).strip());
        assertThat(TextScan.strip(s, 1, 1)).isEmpty();
        assertThat(TextScan.strip("   ", 0, 3)).isEmpty();
        assertThat(TextScan.stripStart("  x ")).isEqualTo(2);
        assertThat(TextScan.stripEnd("  x ")).isEqualTo(3);
        assertThat(TextScan.stripStart("   ")).isEqualTo(3);
        assertThat(TextScan.stripEnd("   ")).isZero();
    }

    @ParameterizedTest
    @MethodSource("edgeCases")
    void agreesWithTheRegularExpressionsItReplaced(String text) {
        // given / when / then
        assertThat(TextScan.lines(text)).as("lines").isEqualTo(regexLines(text));
        assertThat(TextScan.splitOnWhitespace(text)).as("whitespace split")
                .isEqualTo(Arrays.asList(WHITESPACE.split(text)));
        assertThat(TextScan.isDigits(text)).as("digits").isEqualTo(text.matches("[0-9]+"));
        assertThat(TextScan.strip(text, 0, text.length())).as("strip").isEqualTo(text.strip());
    }

    @Test
    void agreesWithTheRegularExpressionsOnRandomText() {
        // given: random strings over the characters the tools print and the ones that trip scanners up
        char[] alphabet = {'a', '0', '7', ' ', ' ', '\t', '\n', '\r', '|', '+', '-', '=', '/', '%', '.', '\u000B',
                '\f', '\u00A0', '\u2003', '\u001C', '\u4E2D', '\uFEFF'};
        Random random = new Random(20261123);

        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = sb.toString();

            // when / then
            assertThat(TextScan.lines(text)).as("lines of %s", escape(text)).isEqualTo(regexLines(text));
            assertThat(TextScan.splitOnWhitespace(text)).as("whitespace split of %s", escape(text))
                    .isEqualTo(Arrays.asList(WHITESPACE.split(text)));
            assertThat(TextScan.strip(text, 0, text.length())).as("strip of %s", escape(text))
                    .isEqualTo(text.strip());
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return sb.append('"').toString();
    }
}
