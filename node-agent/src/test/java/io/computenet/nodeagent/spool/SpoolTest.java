package io.computenet.nodeagent.spool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    private static final long LARGE = 64L << 20;

    @TempDir
    Path dir;

    /** Records of equal encoded size, so tests can compute file offsets and bounds exactly. */
    static SpoolRecord record(int i) {
        return TestRecords.record(i);
    }

    static long frameSize(SpoolRecord r) {
        return Frames.HEADER_BYTES + 8 + 4 * 4
                + r.topic().getBytes(UTF_8).length
                + (r.key() == null ? 0 : r.key().getBytes(UTF_8).length)
                + r.eventId().getBytes(UTF_8).length
                + r.payload().getBytes(UTF_8).length;
    }

    static final long FRAME = frameSize(record(0));

    static List<String> ids(int fromInclusive, int toExclusive) {
        return TestRecords.ids(fromInclusive, toExclusive);
    }

    static List<String> eventIds(List<SpoolRecord> records) {
        return records.stream().map(SpoolRecord::eventId).toList();
    }

    static List<String> peekAllIds(Spool spool) {
        return eventIds(spool.peek(Integer.MAX_VALUE));
    }

    static void appendRange(Spool spool, int fromInclusive, int toExclusive) {
        for (int i = fromInclusive; i < toExclusive; i++) {
            spool.append(record(i));
        }
    }

    static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(Spool.SEGMENT_SUFFIX)).sorted().toList();
        }
    }

    static long segmentBytesOnDisk(Path dir) throws IOException {
        long total = 0;
        for (Path file : segmentFiles(dir)) {
            total += Files.size(file);
        }
        return total;
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).position(0);
            channel.write(one, position);
        }
    }

    static void truncateBy(Path file, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - bytes);
        }
    }

    static Path lastSegment(Path dir) throws IOException {
        List<Path> files = segmentFiles(dir);
        return files.get(files.size() - 1);
    }

    @Nested
    class Ordering {

        @Test
        void peekReturnsRecordsOldestFirstWithAllFieldsIntact() {
            try (Spool spool = Spool.open(dir, LARGE)) {
                // given records with a null key, non-ASCII text and an empty payload
                SpoolRecord keyless = new SpoolRecord("node.inventory", null, "ev-ü-1", "{\"model\":\"H100 – SXM\"}");
                SpoolRecord empty = new SpoolRecord("node.usage", "", "ev-2", "");
                spool.append(keyless);
                spool.append(empty);
                spool.append(record(3));

                // when the sender peeks
                List<SpoolRecord> peeked = spool.peek(10);

                // then it gets them in append order, equal to what was appended
                assertThat(peeked).containsExactly(keyless, empty, record(3));
                assertThat(spool.depth()).isEqualTo(3);
            }
        }

        @Test
        void peekDoesNotConsumeAndRespectsMax() {
            try (Spool spool = Spool.open(dir, LARGE)) {
                // given five records
                appendRange(spool, 0, 5);

                // when the sender peeks twice without acknowledging
                List<SpoolRecord> first = spool.peek(3);
                List<SpoolRecord> second = spool.peek(3);

                // then both peeks return the same oldest three, and nothing was removed
                assertThat(eventIds(first)).isEqualTo(ids(0, 3));
                assertThat(second).isEqualTo(first);
                assertThat(spool.depth()).isEqualTo(5);
                assertThat(spool.peek(0)).isEmpty();
            }
        }

        @Test
        void aBatchIsAppendedInOrderAcrossSegmentsAndSurvivesAReopen() {
            // given a batch that spans several small segments, between single appends
            try (Spool spool = Spool.open(dir, LARGE, 4 * FRAME)) {
                spool.append(record(0));
                List<SpoolRecord> batch = new java.util.ArrayList<>();
                for (int i = 1; i < 11; i++) {
                    batch.add(record(i));
                }
                spool.appendAll(batch);
                spool.appendAll(List.of());
                spool.append(record(11));
            }

            // when the spool is reopened
            try (Spool spool = Spool.open(dir, LARGE, 4 * FRAME)) {
                // then every record is there, in order, none corrupt
                assertThat(peekAllIds(spool)).isEqualTo(ids(0, 12));
                assertThat(spool.corruptRecords()).isZero();
            }
        }

        @Test
        void aBatchWithARecordTooLargeForTheSpoolAppendsNothing() {
            try (Spool spool = Spool.open(dir, 3 * FRAME)) {
                SpoolRecord huge = new SpoolRecord("t", "k", "huge", "x".repeat((int) (4 * FRAME)));

                org.assertj.core.api.Assertions.assertThatThrownBy(() -> spool.appendAll(List.of(record(0), huge)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("huge");
                assertThat(spool.depth()).isZero();
            }
        }

        @Test
        void orderIsPreservedAcrossReopenAndManySegments() {
            // given 50 records spread over many small segments, then a restart
            try (Spool spool = Spool.open(dir, LARGE, 4 * FRAME)) {
                appendRange(spool, 0, 50);
            }

            // when the spool is reopened and more records are appended
            try (Spool spool = Spool.open(dir, LARGE, 4 * FRAME)) {
                appendRange(spool, 50, 60);

                // then all 60 come back in append order
                assertThat(peekAllIds(spool)).isEqualTo(ids(0, 60));
                assertThat(spool.depth()).isEqualTo(60);
                assertThat(spool.droppedRecords()).isZero();
                assertThat(spool.corruptRecords()).isZero();
            }
        }

        @Test
        void bytesReportsTheSizeOfTheSegmentFiles() throws IOException {
            try (Spool spool = Spool.open(dir, LARGE, 4 * FRAME)) {
                // given ten records in three segments
                appendRange(spool, 0, 10);

                // when bytes are queried / then they match the files, one frame per record
                assertThat(spool.bytes()).isEqualTo(10 * FRAME).isEqualTo(segmentBytesOnDisk(dir));
                assertThat(segmentFiles(dir)).hasSize(3);
            }
        }
    }

    @Nested
    class Acknowledgement {

        @Test
        void ackedRecordsAreNotReturnedAgainAlsoAfterReopen() {
            // given ten records of which the first four were sent and acknowledged
            try (Spool spool = Spool.open(dir, LARGE)) {
                appendRange(spool, 0, 10);
                assertThat(eventIds(spool.peek(4))).isEqualTo(ids(0, 4));
                spool.ack(4);
                assertThat(spool.depth()).isEqualTo(6);
            }

            // when the agent restarts
            try (Spool spool = Spool.open(dir, LARGE)) {
                // then only the six unacknowledged records remain, in order
                assertThat(spool.depth()).isEqualTo(6);
                assertThat(peekAllIds(spool)).isEqualTo(ids(4, 10));
            }
        }

        @Test
        void peekedButUnackedRecordsComeBackAfterSimulatedCrash() {
            // given records that were peeked (and maybe sent) but whose ack never happened
            try (Spool spool = Spool.open(dir, LARGE)) {
                appendRange(spool, 0, 6);
                assertThat(spool.peek(6)).hasSize(6);
            }

            // when the agent restarts
            try (Spool spool = Spool.open(dir, LARGE)) {
                // then every one of them is delivered again (at least once), in order
                assertThat(peekAllIds(spool)).isEqualTo(ids(0, 6));
            }
        }

        @Test
        void ackMayConsumeOnePeekInSeveralSteps() {
            try (Spool spool = Spool.open(dir, LARGE)) {
                // given ten peeked records
                appendRange(spool, 0, 12);
                spool.peek(10);

                // when Kafka acknowledges them in two batches
                spool.ack(4);
                spool.ack(6);

                // then the next peek starts right after the tenth
                assertThat(peekAllIds(spool)).isEqualTo(ids(10, 12));
                assertThat(spool.depth()).isEqualTo(2);
            }
        }

        @Test
        void ackOfMoreThanWasPeekedIsRejectedAndChangesNothing() {
            try (Spool spool = Spool.open(dir, LARGE)) {
                // given five records of which three were peeked
                appendRange(spool, 0, 5);
                spool.peek(3);

                // when the sender acknowledges four / then it is refused: it never saw the fourth
                assertThatThrownBy(() -> spool.ack(4))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("only 3 were peeked");
                assertThat(spool.depth()).isEqualTo(5);

                // and a negative count is refused too, while zero is a no-op
                assertThatThrownBy(() -> spool.ack(-1)).isInstanceOf(IllegalArgumentException.class);
                spool.ack(0);
                assertThat(spool.depth()).isEqualTo(5);
            }
        }

        @Test
        void ackWithoutPeekIsRejected() {
            // given a reopened spool with records, nothing peeked since the restart
            try (Spool spool = Spool.open(dir, LARGE)) {
                appendRange(spool, 0, 3);
                spool.peek(3);
            }
            try (Spool spool = Spool.open(dir, LARGE)) {
                // when the sender acknowledges blindly / then it is refused
                assertThatThrownBy(() -> spool.ack(1)).isInstanceOf(IllegalArgumentException.class);
                assertThat(spool.depth()).isEqualTo(3);
            }
        }

        @Test
        void fullyAcknowledgedSegmentFilesAreDeleted() throws IOException {
            try (Spool spool = Spool.open(dir, LARGE, 4 * FRAME)) {
                // given 20 records in five segments of four
                appendRange(spool, 0, 20);
                assertThat(segmentFiles(dir)).hasSize(5);

                // when ten are acknowledged
                spool.peek(10);
                spool.ack(10);

                // then the two segments holding records 0..7 are gone; the one holding 8..11 stays
                assertThat(segmentFiles(dir)).extracting(p -> p.getFileName().toString())
                        .containsExactly(Spool.segmentName(8), Spool.segmentName(12), Spool.segmentName(16));
                assertThat(spool.bytes()).isEqualTo(12 * FRAME).isEqualTo(segmentBytesOnDisk(dir));

                // and when the rest is acknowledged, only the active segment is left, kept for reuse
                spool.peek(100);
                spool.ack(10);
                assertThat(segmentFiles(dir)).extracting(p -> p.getFileName().toString())
                        .containsExactly(Spool.segmentName(16));
                assertThat(spool.depth()).isZero();
                assertThat(spool.peek(10)).isEmpty();

                // and once further appends seal it, the next ack deletes it as well
                appendRange(spool, 20, 21);
                spool.peek(1);
                spool.ack(1);
                assertThat(segmentFiles(dir)).extracting(p -> p.getFileName().toString())
                        .containsExactly(Spool.segmentName(20));
                assertThat(spool.bytes()).isEqualTo(FRAME).isEqualTo(segmentBytesOnDisk(dir));
            }
        }

        @Test
        void drainedSpoolKeepsNumberingAfterReopenSoNewRecordsAreNotMistakenForAcked() throws IOException {
            // given a spool drained completely, closed, and its last segment file gone
            try (Spool spool = Spool.open(dir, LARGE)) {
                appendRange(spool, 0, 5);
                spool.peek(5);
                spool.ack(5);
            }
            Files.delete(lastSegment(dir));

            // when the agent restarts and spools new records
            try (Spool spool = Spool.open(dir, LARGE)) {
                appendRange(spool, 5, 8);
            }

            // then those records are delivered after another restart
            try (Spool spool = Spool.open(dir, LARGE)) {
                assertThat(peekAllIds(spool)).isEqualTo(ids(5, 8));
            }
        }

        @Test
        void damagedAckFileFallsBackToRedeliveringRatherThanLosing() throws IOException {
            // given a spool whose ack file was damaged after five of ten records were acknowledged
            try (Spool spool = Spool.open(dir, LARGE)) {
                appendRange(spool, 0, 10);
                spool.peek(5);
                spool.ack(5);
            }
            flipByte(dir.resolve(Spool.ACK_FILE), 9);

            // when it is reopened
            try (Spool spool = Spool.open(dir, LARGE)) {
                // then nothing is lost: the acknowledged records are sent again, in order
                assertThat(peekAllIds(spool)).isEqualTo(ids(0, 10));
            }
        }

        @Test
        void leftoverTemporaryAckFileOfAnInterruptedAckIsIgnored() throws IOException {
            // given a crash after writing the temporary ack file but before renaming it
            try (Spool spool = Spool.open(dir, LARGE)) {
                appendRange(spool, 0, 4);
                spool.peek(1);
                spool.ack(1);
            }
            Files.write(dir.resolve(Spool.ACK_FILE + ".tmp"), new byte[] {1, 2, 3});

            // when it is reopened
            try (Spool spool = Spool.open(dir, LARGE)) {
                // then the last completed ack counts and the temporary file is cleaned up
                assertThat(peekAllIds(spool)).isEqualTo(ids(1, 4));
                assertThat(dir.resolve(Spool.ACK_FILE + ".tmp")).doesNotExist();
            }
        }
    }

    @Nested
    class Recovery {

        @Test
        void tailTornAtAnyByteOfTheLastRecordIsCutOffAndAppendsContinue() throws IOException {
            for (long cut = 1; cut < FRAME; cut++) {
                Path d = dir.resolve("cut-" + cut);
                // given five records and a crash that left only part of the fifth on disk
                try (Spool spool = Spool.open(d, LARGE)) {
                    appendRange(spool, 0, 5);
                }
                truncateBy(lastSegment(d), cut);

                // when the spool is reopened
                try (Spool spool = Spool.open(d, LARGE)) {
                    // then the four complete records survive, the torn one is cut off, not returned
                    assertThat(peekAllIds(spool)).as("cut %d bytes", cut).isEqualTo(ids(0, 4));
                    assertThat(spool.truncatedBytes()).as("cut %d bytes", cut).isEqualTo(FRAME - cut);
                    assertThat(spool.corruptRecords()).isZero();
                    assertThat(spool.bytes()).isEqualTo(4 * FRAME);
                    spool.append(record(5));
                }

                // and new appends land cleanly behind them
                try (Spool spool = Spool.open(d, LARGE)) {
                    assertThat(peekAllIds(spool)).containsExactly("e00000", "e00001", "e00002", "e00003", "e00005");
                    assertThat(spool.truncatedBytes()).isZero();
                }
            }
        }

        @Test
        void garbageAfterTheLastRecordIsCutOff() throws IOException {
            // given three records followed by garbage
            try (Spool spool = Spool.open(dir, LARGE)) {
                appendRange(spool, 0, 3);
            }
            byte[] garbage = {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, 0x7F, 0x00, 0x12, 0x34, 0x56, 0x78, 0x01};
            Files.write(lastSegment(dir), garbage, StandardOpenOption.APPEND);

            // when reopened
            try (Spool spool = Spool.open(dir, LARGE)) {
                // then the garbage is neither returned nor kept on disk
                assertThat(peekAllIds(spool)).isEqualTo(ids(0, 3));
                assertThat(spool.truncatedBytes()).isEqualTo(garbage.length);
                assertThat(Files.size(lastSegment(dir))).isEqualTo(3 * FRAME);
            }
        }

        @Test
        void zeroFilledTailLeftByTheFileSystemIsCutOff() throws IOException {
            // given a crash that left the file longer than its data, the rest reading as zeros
            try (Spool spool = Spool.open(dir, LARGE)) {
                appendRange(spool, 0, 3);
            }
            Files.write(lastSegment(dir), new byte[4096], StandardOpenOption.APPEND);

            // when reopened / then the three records survive and the zeros are gone
            try (Spool spool = Spool.open(dir, LARGE)) {
                assertThat(peekAllIds(spool)).isEqualTo(ids(0, 3));
                assertThat(spool.truncatedBytes()).isEqualTo(4096);
                assertThat(spool.corruptRecords()).isZero();
            }
        }

        @Test
        void fullLengthLastFrameWithBadChecksumIsTreatedAsTornWrite() throws IOException {
            // given a crash where the last frame's length reached the disk but not all its data
            try (Spool spool = Spool.open(dir, LARGE)) {
                appendRange(spool, 0, 3);
            }
            Path segment = lastSegment(dir);
            flipByte(segment, Files.size(segment) - 1);

            // when reopened / then that frame is cut off as an unfinished append, not counted as corrupt
            try (Spool spool = Spool.open(dir, LARGE)) {
                assertThat(peekAllIds(spool)).isEqualTo(ids(0, 2));
                assertThat(spool.truncatedBytes()).isEqualTo(FRAME);
                assertThat(spool.corruptRecords()).isZero();
            }
        }

        @Test
        void corruptRecordInAnOlderSegmentSkipsToTheNextSegmentAndIsCounted() throws IOException {
            // given 15 records in three segments of five, and a flipped bit inside record 2
            try (Spool spool = Spool.open(dir, LARGE, 5 * FRAME)) {
                appendRange(spool, 0, 15);
            }
            flipByte(segmentFiles(dir).get(0), 2 * FRAME + FRAME - 3);

            // when reopened
            try (Spool spool = Spool.open(dir, LARGE, 5 * FRAME)) {
                // then records 0 and 1 survive, 2..4 (the damaged one and the rest of its segment)
                // are counted as corrupt, and reading goes on with the next segment
                List<String> expected = new ArrayList<>(ids(0, 2));
                expected.addAll(ids(5, 15));
                assertThat(peekAllIds(spool)).isEqualTo(expected);
                assertThat(spool.corruptRecords()).isEqualTo(3);
                assertThat(spool.depth()).isEqualTo(12);
                assertThat(spool.truncatedBytes()).isZero();
            }

            // and the damage was cut off, so it is not reported again on the next open
            try (Spool spool = Spool.open(dir, LARGE, 5 * FRAME)) {
                assertThat(spool.corruptRecords()).isZero();
                assertThat(spool.depth()).isEqualTo(12);
            }
        }

        @Test
        void corruptRecordInsideTheNewestSegmentIsCountedWithTheRecordsBehindIt() throws IOException {
            // given six records in one segment and a flipped bit inside record 2
            try (Spool spool = Spool.open(dir, LARGE)) {
                appendRange(spool, 0, 6);
            }
            flipByte(lastSegment(dir), 2 * FRAME + 20);

            // when reopened
            try (Spool spool = Spool.open(dir, LARGE)) {
                // then records 0 and 1 survive; record 2 and the three intact ones behind it
                // cannot be read in sequence and are reported as lost
                assertThat(peekAllIds(spool)).isEqualTo(ids(0, 2));
                assertThat(spool.corruptRecords()).isEqualTo(4);
                assertThat(spool.truncatedBytes()).isEqualTo(4 * FRAME);
                spool.append(record(6));
                assertThat(peekAllIds(spool)).containsExactly("e00000", "e00001", "e00006");
            }
        }

        @Test
        void corruptionOnlyInAcknowledgedRecordsIsNotCountedAsLoss() throws IOException {
            // given 15 records in three segments, the first two acknowledged, then record 1 damaged
            try (Spool spool = Spool.open(dir, LARGE, 5 * FRAME)) {
                appendRange(spool, 0, 15);
                spool.peek(2);
                spool.ack(2);
            }
            flipByte(segmentFiles(dir).get(0), FRAME + 20);

            // when reopened / then only the unacknowledged records 2..4 count as lost
            try (Spool spool = Spool.open(dir, LARGE, 5 * FRAME)) {
                assertThat(spool.corruptRecords()).isEqualTo(3);
                assertThat(peekAllIds(spool)).isEqualTo(ids(5, 15));
            }
        }

        @Test
        void corruptionAppearingWhileOpenIsSkippedAtPeekAndCounted() throws IOException {
            try (Spool spool = Spool.open(dir, LARGE, 5 * FRAME)) {
                // given 15 records in three segments, and a bit flipping in record 3 under the running spool
                appendRange(spool, 0, 15);
                flipByte(segmentFiles(dir).get(0), 3 * FRAME + 20);

                // when the sender peeks
                List<String> peeked = peekAllIds(spool);

                // then it gets everything but the unreadable rest of the first segment, which is counted
                List<String> expected = new ArrayList<>(ids(0, 3));
                expected.addAll(ids(5, 15));
                assertThat(peeked).isEqualTo(expected);
                assertThat(spool.corruptRecords()).isEqualTo(2);
                assertThat(spool.depth()).isEqualTo(13);

                // and acknowledging all of it leaves an empty spool, only the active segment on disk
                spool.ack(13);
                assertThat(spool.depth()).isZero();
                assertThat(segmentFiles(dir)).hasSize(1);
            }
        }

        @Test
        void corruptionInTheActiveSegmentWhileOpenSealsItAndAppendsGoOn() throws IOException {
            try (Spool spool = Spool.open(dir, LARGE)) {
                // given four records in the active segment, record 1 damaged under the running spool
                appendRange(spool, 0, 4);
                flipByte(lastSegment(dir), FRAME + 20);
                assertThat(peekAllIds(spool)).isEqualTo(ids(0, 1));

                // when more records are appended
                appendRange(spool, 4, 6);

                // then they go into a new segment and are delivered after the survivors
                assertThat(peekAllIds(spool)).containsExactly("e00000", "e00004", "e00005");
                assertThat(segmentFiles(dir)).hasSize(2);
                assertThat(spool.corruptRecords()).isEqualTo(3);
            }
        }

        @Test
        void unrelatedFilesInTheDirectoryAreIgnored() throws IOException {
            // given a directory with a stray file next to the spool's files
            try (Spool spool = Spool.open(dir, LARGE)) {
                appendRange(spool, 0, 2);
            }
            Files.writeString(dir.resolve("notes.txt"), "operator was here");
            Files.writeString(dir.resolve("123.seg"), "not a segment name");

            // when reopened / then the records are intact and the stray files untouched
            try (Spool spool = Spool.open(dir, LARGE)) {
                assertThat(peekAllIds(spool)).isEqualTo(ids(0, 2));
            }
            assertThat(dir.resolve("notes.txt")).exists();
        }
    }

    @Nested
    class Bound {

        @Test
        void appendBeyondTheBoundDropsTheOldestRecordsAndCountsThem() throws IOException {
            try (Spool spool = Spool.open(dir, 20 * FRAME, 4 * FRAME)) {
                // given a spool that holds 20 records, in segments of four
                // when 100 records are appended
                for (int i = 0; i < 100; i++) {
                    spool.append(record(i));
                    // then the bound holds after every append
                    assertThat(spool.bytes()).isLessThanOrEqualTo(20 * FRAME);
                }

                // and the newest records survive in order, the oldest were dropped and counted
                List<String> survivors = peekAllIds(spool);
                assertThat(spool.droppedRecords()).isPositive();
                assertThat(spool.droppedRecords() + spool.depth()).isEqualTo(100);
                assertThat(survivors).isEqualTo(ids(100 - survivors.size(), 100));
                assertThat(survivors.size()).isBetween(17, 20);
                assertThat(spool.bytes()).isEqualTo(segmentBytesOnDisk(dir));
            }
        }

        @Test
        void acknowledgedRecordsAreNotCountedAsDropped() {
            try (Spool spool = Spool.open(dir, 8 * FRAME, 4 * FRAME)) {
                // given a full spool (two segments of four) whose first two records were acknowledged
                appendRange(spool, 0, 8);
                spool.peek(2);
                spool.ack(2);

                // when one more record needs room
                spool.append(record(8));

                // then the oldest segment is dropped, but only its two unacknowledged records count
                assertThat(spool.droppedRecords()).isEqualTo(2);
                assertThat(peekAllIds(spool)).isEqualTo(ids(4, 9));
            }
        }

        @Test
        void recordsDroppedWhileTheSenderHadThemPeekedAreSkippedByAck() {
            try (Spool spool = Spool.open(dir, 8 * FRAME, 4 * FRAME)) {
                // given the sender peeked the three oldest records
                appendRange(spool, 0, 8);
                assertThat(eventIds(spool.peek(3))).isEqualTo(ids(0, 3));

                // when the producer overflows the spool meanwhile, dropping the segment holding them
                spool.append(record(8));

                // then acknowledging them loses none of the records that were not sent
                spool.ack(3);
                assertThat(peekAllIds(spool)).isEqualTo(ids(4, 9));
                assertThat(spool.droppedRecords()).isEqualTo(4);
            }
        }

        @Test
        void reopeningWithASmallerBoundDropsTheOldest() {
            // given 20 records spooled under a generous bound
            try (Spool spool = Spool.open(dir, LARGE, 4 * FRAME)) {
                appendRange(spool, 0, 20);
            }

            // when the agent restarts with a bound of ten records
            try (Spool spool = Spool.open(dir, 10 * FRAME, 4 * FRAME)) {
                // then the oldest segments were dropped at open and the newest remain
                assertThat(spool.bytes()).isLessThanOrEqualTo(10 * FRAME);
                assertThat(spool.droppedRecords()).isEqualTo(12);
                assertThat(peekAllIds(spool)).isEqualTo(ids(12, 20));
            }
        }

        @Test
        void recordLargerThanTheBoundIsRejectedNamingItsSize() {
            try (Spool spool = Spool.open(dir, 1000)) {
                // given a record that encodes to more than 1000 bytes
                SpoolRecord huge = new SpoolRecord("node.inventory", "node-7", "big-1", "x".repeat(1000));
                spool.append(record(0));

                // when it is appended / then it is refused with its size and the bound
                assertThatThrownBy(() -> spool.append(huge))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(String.valueOf(frameSize(huge)))
                        .hasMessageContaining("maxBytes=1000")
                        .hasMessageContaining("big-1");

                // and the spool is unchanged
                assertThat(peekAllIds(spool)).isEqualTo(ids(0, 1));
                assertThat(spool.droppedRecords()).isZero();
            }
        }

        @Test
        void recordExactlyAsLargeAsTheBoundFitsAndDisplacesEverythingElse() {
            try (Spool spool = Spool.open(dir, FRAME)) {
                // given a spool that holds exactly one record, already holding one
                spool.append(record(0));

                // when another one is appended
                spool.append(record(1));

                // then it fits, the older one was dropped
                assertThat(peekAllIds(spool)).isEqualTo(ids(1, 2));
                assertThat(spool.droppedRecords()).isEqualTo(1);
                assertThat(spool.bytes()).isEqualTo(FRAME);
            }
        }
    }

    @Nested
    class Concurrency {

        @Test
        @Timeout(value = 120, unit = TimeUnit.SECONDS)
        void producerAndSenderRunningTogetherKeepOrderAndLoseNothing() throws Exception {
            int total = 10_000;
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try (Spool spool = Spool.open(dir, LARGE, 50 * FRAME)) {
                // given a producer appending 10,000 records across many segments
                Future<?> producer = pool.submit(() -> appendRange(spool, 0, total));

                // when a sender concurrently peeks batches, "sends" them and acknowledges them
                Future<List<String>> sender = pool.submit(() -> {
                    List<String> received = new ArrayList<>(total);
                    while (received.size() < total) {
                        List<SpoolRecord> batch = spool.peek(97);
                        if (batch.isEmpty()) {
                            Thread.onSpinWait();
                            continue;
                        }
                        received.addAll(eventIds(batch));
                        spool.ack(batch.size());
                    }
                    return received;
                });
                producer.get(100, TimeUnit.SECONDS);
                List<String> received = sender.get(100, TimeUnit.SECONDS);

                // then every record arrived exactly once, in append order, and the spool is empty
                assertThat(received).isEqualTo(ids(0, total));
                assertThat(spool.depth()).isZero();
                assertThat(spool.droppedRecords()).isZero();
                assertThat(segmentFiles(dir)).hasSizeLessThanOrEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        @Timeout(value = 120, unit = TimeUnit.SECONDS)
        void senderFallingBehindAnOverflowingSpoolStillSeesOnlyIncreasingRecords() throws Exception {
            int total = 3_000;
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try (Spool spool = Spool.open(dir, 100 * FRAME, 10 * FRAME)) {
                // given a producer appending far more than the spool holds
                CompletableFuture<Void> producerDone = new CompletableFuture<>();
                pool.submit(() -> {
                    try {
                        appendRange(spool, 0, total);
                        producerDone.complete(null);
                    } catch (Throwable t) {
                        producerDone.completeExceptionally(t);
                    }
                });

                // when a slow sender (one record at a time) drains it concurrently
                Future<List<String>> sender = pool.submit(() -> {
                    List<String> received = new ArrayList<>();
                    while (true) {
                        boolean producing = !producerDone.isDone();
                        List<SpoolRecord> batch = spool.peek(1);
                        if (batch.isEmpty()) {
                            if (!producing) {
                                return received;
                            }
                            Thread.onSpinWait();
                            continue;
                        }
                        received.addAll(eventIds(batch));
                        spool.ack(batch.size());
                    }
                });
                producerDone.get(100, TimeUnit.SECONDS);
                List<String> received = sender.get(100, TimeUnit.SECONDS);

                // then the sender saw strictly increasing records without duplicates, ending with
                // the last one, and whatever it did not see was counted as dropped
                assertThat(received).isSorted().doesNotHaveDuplicates().endsWith(record(total - 1).eventId());
                assertThat(received.size() + spool.droppedRecords()).isGreaterThanOrEqualTo(total);
                assertThat(spool.depth()).isZero();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Failures {

        @Test
        void appendThatCannotBeMadeDurableFailsAndLeavesNothingBehind() throws IOException {
            try (Spool spool = Spool.open(dir, LARGE, 2 * FRAME)) {
                // given a full segment, and the file the next segment needs blocked by a directory
                appendRange(spool, 0, 2);
                Path blocker = Files.createDirectory(dir.resolve(Spool.segmentName(2)));

                // when the next record is appended / then the caller learns it is not spooled
                assertThatThrownBy(() -> spool.append(record(2)))
                        .isInstanceOf(java.io.UncheckedIOException.class)
                        .hasMessageContaining("e00002");
                assertThat(spool.depth()).isEqualTo(2);

                // and once the obstacle is gone, appending goes on without a gap or a ghost record
                Files.delete(blocker);
                spool.append(record(3));
                assertThat(peekAllIds(spool)).containsExactly("e00000", "e00001", "e00003");
            }
            try (Spool spool = Spool.open(dir, LARGE, 2 * FRAME)) {
                assertThat(peekAllIds(spool)).containsExactly("e00000", "e00001", "e00003");
            }
        }

        @Test
        void ackThatCannotBeMadeDurableDoesNotHappenAndCanBeRetried() throws IOException {
            try (Spool spool = Spool.open(dir, LARGE)) {
                // given three peeked records, and the ack's temporary file blocked by a directory
                appendRange(spool, 0, 5);
                spool.peek(3);
                Path blocker = Files.createDirectories(dir.resolve(Spool.ACK_FILE + ".tmp").resolve("x"));

                // when they are acknowledged / then the caller learns it failed and nothing changed
                assertThatThrownBy(() -> spool.ack(3)).isInstanceOf(java.io.UncheckedIOException.class);
                assertThat(spool.depth()).isEqualTo(5);

                // and once the obstacle is gone, the same ack can be retried
                Files.delete(blocker);
                Files.delete(blocker.getParent());
                spool.ack(3);
                assertThat(peekAllIds(spool)).isEqualTo(ids(3, 5));
            }
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void aSecondInstanceCannotOpenTheSameDirectory() {
            try (Spool spool = Spool.open(dir, LARGE)) {
                spool.append(record(0));
                // given an open spool / when a second instance opens its directory / then it is refused
                assertThatThrownBy(() -> Spool.open(dir, LARGE))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("already open");
                // and the refused attempt did not disturb the open one
                assertThat(peekAllIds(spool)).isEqualTo(ids(0, 1));
            }
            // and once closed, the directory can be opened again
            assertThatCode(() -> Spool.open(dir, LARGE).close()).doesNotThrowAnyException();
        }

        @Test
        void closedSpoolRefusesWorkAndClosingTwiceIsHarmless() {
            // given a closed spool
            Spool spool = Spool.open(dir, LARGE);
            spool.append(record(0));
            spool.close();

            // when it is used / then it says it is closed
            assertThatThrownBy(() -> spool.append(record(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(() -> spool.peek(1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> spool.ack(0)).isInstanceOf(IllegalStateException.class);
            assertThatCode(spool::close).doesNotThrowAnyException();
        }

        @Test
        void badArgumentsAreRejected() {
            // given/when/then: invalid bounds, a null record and a negative peek are refused
            assertThatThrownBy(() -> Spool.open(dir, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxBytes");
            assertThatThrownBy(() -> Spool.open(dir, -5)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Spool.open(dir, 100, 101)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("segmentBytes");
            assertThatThrownBy(() -> Spool.open(dir, 100, 0)).isInstanceOf(IllegalArgumentException.class);
            try (Spool spool = Spool.open(dir, LARGE)) {
                assertThatThrownBy(() -> spool.append(null)).isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> spool.peek(-1)).isInstanceOf(IllegalArgumentException.class);
                assertThat(spool.depth()).isZero();
            }
        }
    }
}
