package io.computenet.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A table for people: a header and one line per row, columns aligned by display width (Chinese text counts double)
 * and separated by two spaces, numbers right-aligned, no trailing spaces. Pure: rows in, text out.
 */
public record Table(List<Column> columns) {

    /** One column: its header, how a row's cell is written, and whether it is right-aligned (numbers). */
    public record Column(String header, Function<JsonNode, String> cell, boolean right) {

        public static Column left(String header, Function<JsonNode, String> cell) {
            return new Column(header, cell, false);
        }

        public static Column right(String header, Function<JsonNode, String> cell) {
            return new Column(header, cell, true);
        }
    }

    public Table {
        columns = List.copyOf(columns);
    }

    public static Table of(Column... columns) {
        return new Table(List.of(columns));
    }

    public String render(Iterable<JsonNode> rows) {
        List<String[]> cells = new ArrayList<>();
        String[] header = columns.stream().map(Column::header).toArray(String[]::new);
        cells.add(header);
        for (JsonNode row : rows) {
            String[] line = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                String v = columns.get(c).cell().apply(row);
                line[c] = v == null || v.isEmpty() ? "-" : v.replace('\n', ' ');
            }
            cells.add(line);
        }
        int[] widths = new int[columns.size()];
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], DisplayWidth.of(line[c]));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : cells) {
            StringBuilder l = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                if (c > 0) {
                    l.append("  ");
                }
                l.append(DisplayWidth.pad(line[c], widths[c], columns.get(c).right()));
            }
            out.append(l.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Label-value lines for one object (a lease): labels aligned, empty values left out. */
    public static String fields(List<String[]> labelValue) {
        List<String[]> shown = labelValue.stream().filter(f -> f[1] != null && !f[1].isEmpty()).toList();
        int width = shown.stream().mapToInt(f -> DisplayWidth.of(f[0])).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String[] f : shown) {
            out.append(DisplayWidth.pad(f[0] + ":", width + 1, false)).append("  ").append(f[1]).append('\n');
        }
        return out.toString();
    }
}
