package io.computenet.nodeagent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real agent-like process with SIGKILL while it appends and acknowledges, then recovers
 * its spool. Unlike the file-surgery tests in {@link SpoolTest}, the kill lands at whatever
 * point the child happened to be: inside a write, between write and force, between the ack
 * file's rename and the segment deletion, or while a new segment is being created.
 */
class SpoolCrashTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void killDuringAppendsLosesNoReturnedAppendAndReturnsNoGarbage() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path spoolDir = dir.resolve("round-" + round);
            // given a child process appending as fast as it can, killed after it reported 400 appends
            Progress progress = runAndKill("append", spoolDir, 400);

            // when the spool is recovered
            try (Spool spool = Spool.open(spoolDir, SpoolCrashChild.MAX_BYTES, SpoolCrashChild.SEGMENT_BYTES)) {
                List<String> ids = SpoolTest.peekAllIds(spool);

                // then it holds exactly records 0..n-1 in order, including every reported append
                assertThat(ids.size()).isGreaterThan(progress.lastAppended());
                assertThat(ids).isEqualTo(SpoolTest.ids(0, ids.size()));
                assertThat(spool.corruptRecords()).isZero();

                // and the recovered spool accepts new records behind them
                spool.append(SpoolTest.record(1_000_000));
                assertThat(SpoolTest.peekAllIds(spool)).endsWith("e1000000").hasSize(ids.size() + 1);
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void killDuringAppendsAndAcksRedeliversAtLeastOnceInOrder() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path spoolDir = dir.resolve("round-" + round);
            // given a child appending and acknowledging concurrently, killed after 400 reported appends
            Progress progress = runAndKill("mixed", spoolDir, 400);

            // when the spool is recovered
            try (Spool spool = Spool.open(spoolDir, SpoolCrashChild.MAX_BYTES, SpoolCrashChild.SEGMENT_BYTES)) {
                List<String> ids = SpoolTest.peekAllIds(spool);

                // then what is left is one contiguous run s..n-1 in order: nothing reported as
                // acknowledged comes back, nothing reported as appended and not acknowledged is missing
                int first = ids.isEmpty() ? -1 : Integer.parseInt(ids.get(0).substring(1));
                int end = ids.isEmpty() ? -1 : first + ids.size();
                if (ids.isEmpty()) {
                    // everything appended was acknowledged; the child's report of its last acknowledgement may
                    // have been lost with the pipe when it was killed, so only check that the spool still works
                    spool.append(SpoolTest.record(2_000_000));
                    assertThat(SpoolTest.peekAllIds(spool)).containsExactly("e2000000");
                } else {
                    assertThat(ids).isEqualTo(SpoolTest.ids(first, end));
                    assertThat(first).isGreaterThanOrEqualTo(progress.lastAcked());
                    assertThat(end - 1).isGreaterThanOrEqualTo(progress.lastAppended());
                }
                assertThat(spool.corruptRecords()).isZero();
                assertThat(spool.droppedRecords()).isZero();
            }
        }
    }

    private record Progress(int lastAppended, int lastAcked) {
    }

    /** Starts the child, reads its reports until {@code appends} appends, then SIGKILLs it. */
    private static Progress runAndKill(String mode, Path spoolDir, int appends) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", classPath(), SpoolCrashChild.class.getName(),
                mode, spoolDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int lastAppended = -1;
        int lastAcked = 0;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (lastAppended + 1 < appends && (line = out.readLine()) != null) {
                int value = Integer.parseInt(line.substring(2));
                if (line.startsWith("A ")) {
                    lastAppended = value;
                } else {
                    lastAcked = value;
                }
            }
            // SIGKILL on Unix: no shutdown hooks, no close(). Reports not read yet are lost with
            // the pipe, which only makes the checks weaker, never wrong.
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(lastAppended).as("child reported appends").isGreaterThanOrEqualTo(appends - 1);
        return new Progress(lastAppended, lastAcked);
    }

    private static String classPath() throws URISyntaxException {
        // The child needs only the production classes and this test's classes, no test libraries.
        return Path.of(Spool.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                + Path.of(SpoolCrashChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
