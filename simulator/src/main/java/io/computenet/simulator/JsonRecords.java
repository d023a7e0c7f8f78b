package io.computenet.simulator;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Splits a JSON input file into its records (JSON objects), each with the line it starts on, and reads their fields
 * with errors that name the file and line like the CSV reader's ({@link TraceFormatException}).
 *
 * <p>Three shapes are accepted: JSON Lines (one complete object per line; a malformed line is named), a JSON array
 * of objects, and objects one after the other, which covers a single record pretty-printed over many lines. The
 * shape is told from the first non-blank line: when it is a complete JSON object on its own the file is read as JSON
 * Lines, otherwise as one document, where a record's line is the line of its opening brace.
 */
final class JsonRecords {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** A JSON Lines line holds one value and nothing after it. */
    private static final ObjectReader LINE = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonRecords() {
    }

    /** The records of {@code text}, in file order; at least one. */
    static List<Entry> read(String source, String text) {
        String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = json.split("\r?\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        List<Entry> records = isObject(lines, first) ? readLines(source, lines) : readDocument(source, json);
        if (records.isEmpty()) {
            throw new TraceFormatException(source + ": no records (expected JSON objects)");
        }
        return records;
    }

    private static boolean isObject(String[] lines, int index) {
        if (index >= lines.length || !lines[index].strip().startsWith("{")) {
            return false;
        }
        try {
            return LINE.readTree(lines[index]) instanceof ObjectNode;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static List<Entry> readLines(String source, String[] lines) {
        List<Entry> records = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            int line = i + 1;
            JsonNode node;
            try {
                node = LINE.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                throw new TraceFormatException(source + ":" + line + ": malformed JSON (JSON Lines: one complete "
                        + "record per line): " + e.getOriginalMessage());
            }
            if (!(node instanceof ObjectNode object)) {
                throw new TraceFormatException(source + ":" + line + ": expected a JSON object, found "
                        + kind(node));
            }
            records.add(new Entry(source, line, "", object));
        }
        return records;
    }

    private static List<Entry> readDocument(String source, String json) {
        List<Entry> records = new ArrayList<>();
        try (JsonParser p = MAPPER.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (t == null) {
                            throw new TraceFormatException(source + ":" + p.currentLocation().getLineNr()
                                    + ": malformed JSON: the array is not closed");
                        }
                        records.add(object(source, p));
                    }
                } else {
                    records.add(object(source, p));
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new TraceFormatException(source + ":" + (at == null ? 1 : at.getLineNr()) + ": malformed JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TraceFormatException(source + ": " + e.getMessage());
        }
        return records;
    }

    private static Entry object(String source, JsonParser p) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            String found = p.currentToken() == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : p.getText();
            throw new TraceFormatException(source + ":" + line + ": expected a JSON object, found " + found);
        }
        return new Entry(source, line, "", (ObjectNode) MAPPER.readTree(p));
    }

    private static String kind(JsonNode node) {
        return node.isArray() ? "an array" : node.toString();
    }

    /**
     * One JSON object of an input file (or one nested in it, then {@code path} says where, e.g. {@code devices[2].}),
     * with typed field readers. JSON {@code null} counts as absent.
     */
    record Entry(String source, int line, String path, ObjectNode node) {

        /** Fails on a field not in {@code known}, so a misspelt optional field is not silently ignored. */
        void onlyFields(Set<String> known, String what) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw error("unknown field '" + path + name + "' (" + what + " has " + new TreeSet<>(known)
                            + ")");
                }
            }
        }

        boolean has(String field) {
            JsonNode v = node.get(field);
            return v != null && !v.isNull();
        }

        String text(String field) {
            String v = optionalText(field);
            if (v == null || v.isBlank()) {
                throw error(has(field) ? path + field + " must not be blank" : "missing " + path + field);
            }
            return v;
        }

        /** The string value, or null when absent. */
        String optionalText(String field) {
            if (!has(field)) {
                return null;
            }
            JsonNode v = node.get(field);
            if (!v.isTextual()) {
                throw error(path + field + " must be a string, was " + v);
            }
            return v.textValue();
        }

        long whole(String field) {
            if (!has(field)) {
                throw error("missing " + path + field);
            }
            JsonNode v = node.get(field);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw error(path + field + " must be a whole number, was " + v);
            }
            return v.longValue();
        }

        long whole(String field, long min, long max) {
            long v = whole(field);
            if (v < min || v > max) {
                throw error(path + field + " must be within " + min + ".." + max + ", was " + v);
            }
            return v;
        }

        long whole(String field, long min, long max, long fallback) {
            return has(field) ? whole(field, min, max) : fallback;
        }

        BigDecimal decimal(String field) {
            if (!has(field)) {
                throw error("missing " + path + field);
            }
            JsonNode v = node.get(field);
            if (!v.isNumber()) {
                throw error(path + field + " must be a number, was " + v);
            }
            return v.decimalValue();
        }

        /** The enum constant named by the field, or null when absent. */
        <E extends Enum<E>> E optionalEnum(String field, Class<E> type) {
            String v = optionalText(field);
            if (v == null) {
                return null;
            }
            try {
                return Enum.valueOf(type, v);
            } catch (IllegalArgumentException e) {
                throw error(path + field + " must be one of " + Arrays.toString(type.getEnumConstants()) + ", was \""
                        + v + "\"");
            }
        }

        <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
            if (!has(field)) {
                throw error("missing " + path + field);
            }
            return optionalEnum(field, type);
        }

        /** The objects of an array field, each as a record of the same line with a path such as {@code devices[2].}. */
        List<Entry> objects(String field) {
            if (!has(field)) {
                throw error("missing " + path + field);
            }
            JsonNode v = node.get(field);
            if (!v.isArray()) {
                throw error(path + field + " must be an array, was " + v.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            List<Entry> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                String at = path + field + "[" + i + "]";
                if (!(v.get(i) instanceof ObjectNode o)) {
                    throw error(at + " must be an object, was " + v.get(i));
                }
                out.add(new Entry(source, line, at + ".", o));
            }
            return out;
        }

        TraceFormatException error(String message) {
            return new TraceFormatException(source + ":" + line + ": " + message);
        }
    }
}
