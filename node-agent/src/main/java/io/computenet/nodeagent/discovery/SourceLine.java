package io.computenet.nodeagent.discovery;

import java.util.ArrayList;
import java.util.List;

/** One line of a tool's output with its 1-based number; knows how to report itself as the cause of an error. */
record SourceLine(String tool, int number, String text) {

    /** Splits a tool's output into numbered lines; accepts {@code \n}, {@code \r\n} and {@code \r}; null is empty. */
    static List<SourceLine> split(String tool, String output) {
        List<SourceLine> lines = new ArrayList<>();
        if (output == null || output.isEmpty()) {
            return lines;
        }
        String text = output.charAt(0) == '\uFEFF' ? output.substring(1) : output;
        List<String> parts = TextScan.lines(text);
        for (int i = 0; i < parts.size(); i++) {
            lines.add(new SourceLine(tool, i + 1, parts.get(i)));
        }
        return lines;
    }

    /** The error for output that has no recognisable header: names the first non-blank line, or line 1 if none. */
    static DiscoveryParseException noHeader(String tool, List<SourceLine> lines, String expected) {
        SourceLine first = lines.stream().filter(line -> !line.isBlank()).findFirst()
                .orElse(new SourceLine(tool, 1, ""));
        String reason = lines.stream().allMatch(SourceLine::isBlank)
                ? "no header: the output is empty, expected " + expected
                : "no header: expected " + expected;
        return first.error(reason);
    }

    boolean isBlank() {
        return text.isBlank();
    }

    /** The first character that is not whitespace (as {@link String#strip} sees it), or 0 for a blank line. */
    char firstNonBlank() {
        int start = TextScan.stripStart(text);
        return start < text.length() ? text.charAt(start) : 0;
    }

    String trimmed() {
        return text.strip();
    }

    /** Number of leading blank columns; a tab counts as four. */
    int indent() {
        int width = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                width++;
            } else if (c == '\t') {
                width += 4;
            } else {
                break;
            }
        }
        return width;
    }

    DiscoveryParseException error(String reason) {
        return new DiscoveryParseException(tool, number, text, reason);
    }
}
