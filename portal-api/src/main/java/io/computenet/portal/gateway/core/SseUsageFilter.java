package io.computenet.portal.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Passes a server-sent-events answer through event by event while reading its usage. Bytes go in as the replica
 * sends them (chunk boundaries anywhere, even inside an event); every complete event comes out at once, so only an
 * unfinished event is ever held, never the answer. The usage chunk ({@code choices} empty, {@code usage} set) is
 * read, and dropped when the gateway itself asked for it ({@code dropUsageChunk}).
 */
public final class SseUsageFilter {

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] USAGE_NAME = "\"usage\"".getBytes(StandardCharsets.US_ASCII);

    private final boolean dropUsageChunk;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private Usage usage;

    public SseUsageFilter(boolean dropUsageChunk) {
        this.dropUsageChunk = dropUsageChunk;
    }

    /**
     * The complete events (as received, less a dropped usage chunk) that {@code chunk} finishes; {@code chunk} itself
     * when it is whole events that need no change.
     */
    public byte[] accept(byte[] chunk) {
        if (pending.size() == 0 && endsAnEvent(chunk) && !contains(chunk, 0, chunk.length, USAGE_NAME)) {
            return chunk; // whole events, none naming usage (the usual chunk): passed on as they are, not copied
        }
        int searchFrom = Math.max(0, pending.size() - 3);
        pending.write(chunk, 0, chunk.length);
        byte[] held = pending.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(held.length);
        int start = 0;
        int i = searchFrom;
        while (i < held.length) {
            int end = eventEnd(held, i);
            if (end < 0) {
                i++;
                continue;
            }
            emit(held, start, end, out);
            start = end;
            i = end;
        }
        pending.reset();
        pending.write(held, start, held.length - start);
        return out.size() == 0 ? EMPTY : out.toByteArray();
    }

    /** What is left when the answer ends: an unfinished last event, passed on as it is. */
    public byte[] finish() {
        byte[] rest = pending.toByteArray();
        pending.reset();
        if (rest.length == 0) {
            return EMPTY;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(rest.length);
        emit(rest, 0, rest.length, out);
        return out.toByteArray();
    }

    /** The usage the stream reported, empty until its usage chunk has passed. */
    public Optional<Usage> usage() {
        return Optional.ofNullable(usage);
    }

    private static boolean endsAnEvent(byte[] b) {
        int n = b.length;
        return n >= 2 && b[n - 1] == '\n' && (b[n - 2] == '\n' || n >= 4 && b[n - 2] == '\r' && b[n - 3] == '\n'
                && b[n - 4] == '\r');
    }

    private static boolean contains(byte[] b, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The index just past the blank line ending an event at {@code i}, or -1 when none ends there. */
    private static int eventEnd(byte[] b, int i) {
        if (b[i] == '\n' && i + 1 < b.length && b[i + 1] == '\n') {
            return i + 2;
        }
        if (b[i] == '\r' && i + 3 < b.length && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
            return i + 4;
        }
        return -1;
    }

    private void emit(byte[] b, int from, int to, ByteArrayOutputStream out) {
        if (!contains(b, from, to, USAGE_NAME)) {
            out.write(b, from, to - from); // a content chunk: passed as bytes, nothing parsed
            return;
        }
        String event = new String(b, from, to - from, StandardCharsets.UTF_8);
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) event.lines()::iterator) {
            if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring(5).stripLeading());
            }
        }
        String payload = data.toString();
        if (payload.contains("\"usage\"")) {
            JsonNode chunk = UsageReading.parse(payload);
            Optional<Usage> reported = UsageReading.fromTree(chunk);
            if (reported.isPresent()) {
                usage = reported.get();
                JsonNode choices = chunk.get("choices");
                if (dropUsageChunk && (choices == null || choices.isArray() && choices.isEmpty())) {
                    return;
                }
            }
        }
        out.write(b, from, to - from);
    }
}
