package io.computenet.nodeagent.spool;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Records the tests spool. Kept free of test-library types because {@link SpoolCrashChild}
 * runs in a JVM that has only the production and test classes on its class path.
 */
final class TestRecords {

    private TestRecords() {
    }

    /** Record {@code i}; all records below 100,000 encode to the same size. */
    static SpoolRecord record(int i) {
        return new SpoolRecord("node.heartbeat", "node-7", String.format("e%05d", i),
                String.format("{\"seq\":%05d,\"gpu\":\"H100\"}", i));
    }

    /** Event ids of records {@code fromInclusive} to {@code toExclusive}. */
    static List<String> ids(int fromInclusive, int toExclusive) {
        return IntStream.range(fromInclusive, toExclusive).mapToObj(i -> record(i).eventId()).toList();
    }
}
