package io.computenet.focus;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 records one at a time from a character stream, so a file of any size is read in constant memory.
 * A field that is empty and unquoted is returned as {@code null} (how FOCUS files carry a null); a quoted empty field
 * ({@code ""}) is returned as the empty string, so a checker can tell the two apart. Records end with CRLF or LF.
 */
public final class CsvRecords {

    private final Reader in;
    private long line = 1;
    private long recordLine;
    private int pushedBack = -2;

    public CsvRecords(Reader in) {
        this.in = in;
    }

    /** The line (1-based) on which the record last returned by {@link #next()} began. */
    public long recordLine() {
        return recordLine;
    }

    /**
     * The next record's fields, or {@code null} at the end of the input.
     *
     * @throws MalformedCsvException when a quoted field is not closed or a quote appears inside an unquoted field
     */
    public List<String> next() {
        int c = read();
        if (c == -1) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (c == '"' && field.isEmpty() && !quoted) {
                quoted = true;
                readQuoted(field);
                c = read();
                if (c != ',' && c != '\r' && c != '\n' && c != -1) {
                    throw new MalformedCsvException(line, "text after the closing quote of a field");
                }
                continue;
            }
            if (c == ',' || c == '\n' || c == -1 || c == '\r') {
                fields.add(quoted || !field.isEmpty() ? field.toString() : null);
                field.setLength(0);
                quoted = false;
                if (c == ',') {
                    c = read();
                    continue;
                }
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        throw new MalformedCsvException(line, "a carriage return outside quotes not followed by LF");
                    }
                }
                if (c != -1) {
                    line++;
                }
                return fields;
            }
            if (c == '"') {
                throw new MalformedCsvException(line, "a quote inside an unquoted field");
            }
            field.append((char) c);
            c = read();
        }
    }

    private void readQuoted(StringBuilder field) {
        while (true) {
            int c = read();
            if (c == -1) {
                throw new MalformedCsvException(line, "a quoted field is not closed");
            }
            if (c == '"') {
                int n = read();
                if (n == '"') {
                    field.append('"');
                    continue;
                }
                unread(n);
                return;
            }
            if (c == '\n') {
                line++;
            }
            field.append((char) c);
        }
    }

    private int read() {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        try {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void unread(int c) {
        pushedBack = c;
    }

    /** The input is not RFC 4180 CSV. */
    public static final class MalformedCsvException extends RuntimeException {

        private final long line;

        MalformedCsvException(long line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }
}
