package io.computenet.nodeagent.discovery;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain character scans that replace the regular expressions the parsers used to run on every line of a tool's
 * output (line splitting, whitespace splitting, digit checks). Each method states the expression it stands for and
 * gives the same result for every input, including the corner cases of {@link String#split} and {@link
 * String#strip}; the point is only speed: a discovery pass over a 16-device host reads hundreds of lines.
 */
final class TextScan {

    private TextScan() {
    }

    /**
     * The lines of {@code text}, split at {@code \r\n}, {@code \r} and {@code \n}; one trailing empty line (the
     * text ends with a line break) is dropped. Same as {@code text.split("\r\n|\r|\n", -1)} without its last
     * element when that is empty.
     */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int length = text.length();
        int start = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < length) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /**
     * True for the characters of the regular expression class {@code \s}: space, tab, line feed, vertical tab,
     * form feed and carriage return (ASCII only, as {@code \s} is without {@code UNICODE_CHARACTER_CLASS}).
     */
    static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /**
     * {@code s} split at runs of {@link #isRegexSpace} characters. Same as {@code Pattern.compile("\\s+").split(s)}:
     * a leading run gives a leading empty string, trailing empty strings are dropped, and a string without any such
     * character is returned whole (so {@code ""} gives {@code [""]}).
     */
    static List<String> splitOnWhitespace(String s) {
        List<String> parts = new ArrayList<>();
        int length = s.length();
        int start = 0;
        boolean matched = false;
        int i = 0;
        while (i < length) {
            if (isRegexSpace(s.charAt(i))) {
                int runEnd = i + 1;
                while (runEnd < length && isRegexSpace(s.charAt(runEnd))) {
                    runEnd++;
                }
                parts.add(s.substring(start, i));
                matched = true;
                start = runEnd;
                i = runEnd;
            } else {
                i++;
            }
        }
        if (!matched) {
            parts.add(s);
            return parts;
        }
        parts.add(s.substring(start));
        int size = parts.size();
        while (size > 0 && parts.get(size - 1).isEmpty()) {
            parts.remove(--size);
        }
        return parts;
    }

    /** True when {@code s} is one or more ASCII digits; same as {@code s.matches("[0-9]+")}. */
    static boolean isDigits(String s) {
        int length = s.length();
        if (length == 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Index of the first character of {@code s} that {@link String#strip} keeps; {@code s.length()} if none. */
    static int stripStart(String s) {
        return stripStart(s, 0, s.length());
    }

    /** Index past the last character of {@code s} that {@link String#strip} keeps; 0 if none. */
    static int stripEnd(String s) {
        return stripEnd(s, 0, s.length());
    }

    /** Like {@link #stripStart(String)} within {@code [from, to)}; {@code to} if all of it is whitespace. */
    static int stripStart(String s, int from, int to) {
        int i = from;
        while (i < to && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Like {@link #stripEnd(String)} within {@code [from, to)}; {@code from} if all of it is whitespace. */
    static int stripEnd(String s, int from, int to) {
        int i = to;
        while (i > from && Character.isWhitespace(s.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    /** {@code s.substring(from, to).strip()}, without the intermediate string. */
    static String strip(String s, int from, int to) {
        int start = stripStart(s, from, to);
        return s.substring(start, stripEnd(s, start, to));
    }
}
