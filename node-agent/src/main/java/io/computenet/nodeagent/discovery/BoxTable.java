package io.computenet.nodeagent.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the box-drawn tables that npu-smi and cnmon print: {@code |}-separated cells, {@code +---+} borders,
 * and cells holding several space-separated columns. Columns are bound to values by the header names, cell by
 * cell and in order, never by character offsets, so wider or narrower layouts read the same.
 */
final class BoxTable {

    private static final String UNIT = "(?:MiB|MB|GiB|GB|KiB|KB|W|%)";
    private static final String SIDE = "(N/A|NA|[0-9]+(?:\\.[0-9]+)?)";
    /** "used / total" with optional units, with or without spaces around the slash, as one value. */
    private static final Pattern USAGE_PAIR = Pattern.compile(
            "(?<!\\S)" + SIDE + "\\s*(" + UNIT + ")?\\s*/\\s*" + SIDE + "(?:\\s*(" + UNIT + "))?(?!\\S)");

    private final List<List<String>> headerCells;

    private BoxTable(List<List<String>> headerCells) {
        this.headerCells = headerCells;
    }

    /** The column names of one header line, cell by cell, e.g. {@code [[NPU, Name], [Health], [Power(W), ...]]}. */
    static BoxTable header(SourceLine line) {
        List<List<String>> names = new ArrayList<>();
        for (String cell : cells(line)) {
            names.add(cell.isBlank() ? List.of() : TextScan.splitOnWhitespace(cell.strip()));
        }
        return new BoxTable(names);
    }

    /**
     * True for a border line such as {@code +-----+----+}, {@code |=====+====|} or {@code ------}: once stripped,
     * not empty, only {@code - = + |} and {@code \s} characters, at least one {@code -} or {@code =}. (Same as
     * matching {@code [+|]?[-=+|\s]*[-=][-=+|\s]*[+|]?}, scanned by hand because every line of a table is
     * tested.)
     */
    static boolean isBorder(SourceLine line) {
        String text = line.text();
        int start = TextScan.stripStart(text);
        int end = TextScan.stripEnd(text, start, text.length());
        boolean rule = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '-' || c == '=') {
                rule = true;
            } else if (c != '+' && c != '|' && !TextScan.isRegexSpace(c)) {
                return false;
            }
        }
        return rule;
    }

    /** True when the line, once stripped, starts with {@code |}. */
    static boolean isRow(SourceLine line) {
        return line.firstNonBlank() == '|';
    }

    /**
     * The cells of a {@code | a | b |} line, stripped; the outer bars are dropped. Same as stripping the line,
     * dropping one leading and one trailing {@code |}, then {@code split("\\|", -1)} and stripping each cell.
     */
    static List<String> cells(SourceLine line) {
        String text = line.text();
        int start = TextScan.stripStart(text);
        int end = TextScan.stripEnd(text, start, text.length());
        if (start < end && text.charAt(start) == '|') {
            start++;
        }
        if (start < end && text.charAt(end - 1) == '|') {
            end--;
        }
        List<String> cells = new ArrayList<>();
        int cellStart = start;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == '|') {
                cells.add(TextScan.strip(text, cellStart, i));
                cellStart = i + 1;
            }
        }
        cells.add(TextScan.strip(text, cellStart, end));
        return cells;
    }

    /**
     * The values of one cell: whitespace-separated, except that a usage pair such as {@code 0    / 0},
     * {@code 56152/ 65536} or {@code 0 MiB/ 23374 MiB} is one value, rewritten without spaces
     * ({@code 0/0}, {@code 56152/65536}, {@code 0MiB/23374MiB}).
     */
    static List<String> tokens(String cell) {
        if (cell.isBlank()) {
            return List.of();
        }
        if (cell.indexOf('/') < 0) {
            // no usage pair without a slash: skip the expression
            return TextScan.splitOnWhitespace(cell.strip());
        }
        Matcher m = USAGE_PAIR.matcher(cell.strip());
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String joined = m.group(1) + nullToEmpty(m.group(2)) + "/" + m.group(3) + nullToEmpty(m.group(4));
            m.appendReplacement(sb, Matcher.quoteReplacement(joined));
        }
        m.appendTail(sb);
        return TextScan.splitOnWhitespace(sb.toString().strip());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** True when some column of this header has the given name (case-insensitive). */
    boolean has(String name) {
        return headerCells.stream().flatMap(List::stream).anyMatch(n -> n.equalsIgnoreCase(name));
    }

    /** The first column name of the first cell, e.g. "NPU", "Chip", "Card", "Fan". */
    String firstName() {
        return headerCells.isEmpty() || headerCells.get(0).isEmpty() ? "" : headerCells.get(0).get(0);
    }

    /** All column names in order, as printed. */
    List<String> names() {
        return headerCells.stream().flatMap(List::stream).toList();
    }

    /**
     * Binds a data line to this header: same number of cells, and in each cell as many values as the header
     * cell has names. Keys are the lower-cased column names.
     */
    Map<String, String> bind(SourceLine line) {
        List<String> cells = cells(line);
        if (cells.size() != headerCells.size()) {
            throw line.error("expected " + headerCells.size() + " |-separated cells as in the header but found "
                    + cells.size());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            List<String> names = headerCells.get(i);
            List<String> tokens = tokens(cells.get(i));
            if (tokens.size() != names.size()) {
                throw line.error("expected " + names.size() + " value(s) for " + names + " but found "
                        + tokens.size() + " " + tokens);
            }
            for (int j = 0; j < names.size(); j++) {
                values.put(names.get(j).toLowerCase(Locale.ROOT), tokens.get(j));
            }
        }
        return values;
    }
}
