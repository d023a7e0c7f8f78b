package io.computenet.focus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses FOCUS Key-Value Format values: a serialized JSON object (ECMA-404) whose keys are unique and whose values are
 * numbers, strings, {@code true}, {@code false} or {@code null}, never objects or arrays.
 */
final class KeyValueJson {

    private final String s;
    private int i;

    private KeyValueJson(String s) {
        this.s = s;
    }

    /**
     * The object's entries in order: strings as {@link String}, numbers as {@link java.math.BigDecimal}, booleans as
     * {@link Boolean}, JSON null as {@link #NULL}.
     *
     * @throws IllegalArgumentException saying what breaks the format
     */
    static Map<String, Object> parse(String text) {
        KeyValueJson p = new KeyValueJson(text);
        Map<String, Object> entries = p.object();
        p.space();
        if (p.i != text.length()) {
            p.fail("text after the object");
        }
        return entries;
    }

    /** Stands for a JSON null value. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private Map<String, Object> object() {
        space();
        expect('{');
        Map<String, Object> entries = new LinkedHashMap<>();
        space();
        if (peek() == '}') {
            i++;
            return entries;
        }
        while (true) {
            space();
            String key = string();
            space();
            expect(':');
            space();
            Object value = value();
            if (entries.put(key, value) != null) {
                fail("the key '" + key + "' appears twice");
            }
            space();
            char c = next();
            if (c == '}') {
                return entries;
            }
            if (c != ',') {
                fail("expected ',' or '}'");
            }
        }
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{' || c == '[') {
            fail("values must not be objects or arrays");
        }
        if (s.startsWith("true", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", i)) {
            i += 4;
            return NULL;
        }
        int start = i;
        if (c == '-') {
            i++;
        }
        digits();
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            digits();
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            digits();
        }
        String number = s.substring(start, i);
        if (number.length() > 1 && number.replace("-", "").startsWith("0")
                && !number.replace("-", "").startsWith("0.") && !number.replace("-", "").equals("0")) {
            fail("a number with a leading zero");
        }
        return new java.math.BigDecimal(number);
    }

    private void digits() {
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
        }
        if (i == start) {
            fail("expected a value");
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                fail("a string is not closed");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                fail("a control character inside a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        fail("a short \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException ex) {
                        fail("a bad \\u escape");
                    }
                    i += 4;
                }
                default -> fail("a bad escape \\" + e);
            }
        }
    }

    private void space() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n'
                || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) {
            fail("unexpected end");
        }
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            fail("expected '" + c + "'");
        }
    }

    private void fail(String why) {
        throw new IllegalArgumentException("not a JSON object of plain values: " + why + " at offset " + i);
    }
}
