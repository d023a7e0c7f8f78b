package io.computenet.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes a command's result to standard output in the chosen {@link OutputFormat}. */
public final class Printer {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final OutputFormat format;

    public Printer(PrintWriter out, OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    public boolean json() {
        return format == OutputFormat.JSON;
    }

    /** Prints {@code value} as JSON in JSON mode, else the table text {@code human}. */
    public void print(JsonNode value, String human) {
        if (json()) {
            out.println(toJson(value));
        } else {
            out.print(human);
        }
        out.flush();
    }

    /** Prints a list: JSON as it came, or the table, or {@code empty} when there are no rows. */
    public void list(JsonNode rows, Table table, String empty) {
        print(rows, rows.isEmpty() ? empty + "\n" : table.render(rows));
    }

    public void fields(JsonNode value, List<String[]> labelValue) {
        print(value, Table.fields(labelValue));
    }

    public static String toJson(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
