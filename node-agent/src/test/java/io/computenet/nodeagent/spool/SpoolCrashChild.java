package io.computenet.nodeagent.spool;

import java.nio.file.Path;
import java.util.List;

/**
 * Body of the separate JVM that {@link SpoolCrashTest} kills with SIGKILL. It reports on stdout
 * each step only after the spool call returned, so every reported step is one the spool has
 * promised to keep.
 *
 * <ul>
 *   <li>{@code append DIR}: appends records 0, 1, 2, ... and prints {@code A <i>} after each.</li>
 *   <li>{@code mixed DIR}: a producer thread does the same while a sender thread peeks, acks
 *       and prints {@code K <total acked>} after each ack.</li>
 * </ul>
 */
final class SpoolCrashChild {

    static final long MAX_BYTES = 64L << 20;
    static final long SEGMENT_BYTES = 16L << 10;
    /** Far more than the parent waits for; only ends the child if the parent never kills it. */
    static final int LIMIT = 200_000;

    private SpoolCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Spool spool = Spool.open(Path.of(args[1]), MAX_BYTES, SEGMENT_BYTES);
        Thread sender = null;
        if (mode.equals("mixed")) {
            sender = new Thread(() -> {
                long acked = 0;
                while (acked < LIMIT) {
                    List<SpoolRecord> batch = spool.peek(13);
                    if (batch.isEmpty()) {
                        Thread.onSpinWait();
                        continue;
                    }
                    spool.ack(batch.size());
                    acked += batch.size();
                    report("K " + acked);
                }
            });
            sender.setDaemon(true);
            sender.start();
        }
        for (int i = 0; i < LIMIT; i++) {
            spool.append(TestRecords.record(i));
            report("A " + i);
        }
        spool.close();
    }

    private static synchronized void report(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
