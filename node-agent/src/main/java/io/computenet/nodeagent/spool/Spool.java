package io.computenet.nodeagent.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The node agent's bounded on-disk spool: a durable FIFO of {@link SpoolRecord}s that the agent
 * keeps sampling into while Kafka is unreachable and drains, in order, once Kafka is back.
 *
 * <h2>Usage</h2>
 * A producer thread calls {@link #append(SpoolRecord)}; a sender thread loops on {@link
 * #peek(int)}, sends the returned records to Kafka, waits for Kafka's acknowledgement and then
 * calls {@link #ack(int)} with the number of records Kafka accepted. One producer and one sender
 * may run concurrently; every method is thread-safe. A single lock serializes the calls,
 * including the device flush inside {@code append} and {@code ack}: simple to reason about, and
 * ample for a node agent's sampling rate.
 *
 * <h2>Durability contract</h2>
 * <ul>
 *   <li><b>Append.</b> When {@code append} returns, the record has been written and forced to
 *       the storage device ({@link FileChannel#force}), and so has the directory entry of a
 *       segment file it created. It survives a crash of the process (kill -9) or of the machine
 *       at any later point, unless it is dropped to respect the bound (below) or acknowledged.
 *       If {@code append} throws, the record is not in the spool; a partially written frame is
 *       cut off again, and if that fails too, recovery cuts it off on the next open.</li>
 *   <li><b>Order.</b> Records are returned by {@code peek} in append order, across restarts.
 *       Every record carries a sequence number that recovery verifies, so a stale or misplaced
 *       frame is never returned out of place.</li>
 *   <li><b>Ack.</b> When {@code ack} returns, the acknowledgement is durable: the position of
 *       the first unacknowledged record is written to a temporary file, forced, atomically
 *       renamed over {@value #ACK_FILE} and the directory forced. A crash before that point
 *       leaves the previous position, so those records are peeked again after the restart:
 *       delivery is <em>at least once</em>, never lost and never reordered; consumers
 *       deduplicate by {@link SpoolRecord#eventId()}.</li>
 *   <li><b>Bound.</b> The segment files never hold more than {@code maxBytes} bytes once
 *       {@code open} or {@code append} returns. To make room, {@code append} deletes the oldest
 *       segment files, i.e. drops the oldest records, a whole segment at a time, and counts the
 *       unacknowledged ones in {@link #droppedRecords()}. A sampling agent prefers recent data
 *       over old data when the outage outlasts the disk budget.</li>
 *   <li><b>Recovery.</b> {@code open} reads every segment and checks each frame's length, CRC
 *       and sequence number. A torn write at the end of the newest segment (the process died
 *       inside {@code append}, so that record was never promised) is cut off and counted in
 *       {@link #truncatedBytes()}; it is never returned as garbage and never aborts the open.
 *       A damaged record that was promised (anywhere else, or with more data behind it) is
 *       lost: it and the rest of its segment are cut off, reading continues with the next
 *       segment, and the lost unacknowledged records are counted in {@link #corruptRecords()}.
 *       Damage that appears while the spool is open is handled the same way by {@code peek}.</li>
 * </ul>
 * Counters are reported since this instance was opened (the agent exports them as metrics);
 * they are not persisted.
 *
 * <h2>On-disk format</h2>
 * The directory holds segment files named after the sequence number of their first record,
 * zero-padded to 20 digits ({@code 00000000000000000042.seg}), each a sequence of frames
 * ({@link Frames}), the ack file {@value #ACK_FILE} ({@link AckFile}) and the lock file
 * {@value #LOCK_FILE} ({@link DirectoryLock}).
 *
 * <p>Only one {@code Spool} may have a directory open at a time; {@code open} takes an exclusive
 * OS file lock, which the OS releases when the owning process dies, so a killed agent does not
 * block its own restart. Failures of the file system surface as {@link UncheckedIOException}.
 */
public final class Spool implements AutoCloseable {

    /** Name of the file holding the durable acknowledgement position. */
    public static final String ACK_FILE = "ack.offset";
    /** Name of the file {@code open} locks to keep a second instance out of the directory. */
    public static final String LOCK_FILE = "spool.lock";
    /** Extension of segment files. */
    public static final String SEGMENT_SUFFIX = ".seg";

    private static final long MAX_DEFAULT_SEGMENT_BYTES = 64L << 20;
    private static final long MIN_DEFAULT_SEGMENT_BYTES = 4L << 10;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final DirectoryLock dirLock;
    /** The live segment files: which takes appends, their bytes. */
    private final SegmentFiles files;

    /** Guards everything below; one lock keeps the producer's and the sender's views consistent. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Frames.Reader reader = new Frames.Reader();
    /** Records returned by the last {@code peek} and not acknowledged since, oldest first. */
    private final ArrayDeque<Peeked> peeked = new ArrayDeque<>();
    /** Every record with a lower sequence number is acknowledged or dropped. */
    private long head;
    /** Sequence number the next appended record gets. */
    private long nextSeq;
    private long droppedRecords;
    private long corruptRecords;
    private long truncatedBytes;
    private final ReadHint hint = new ReadHint();
    private boolean closed;

    private Spool(Path dir, long maxBytes, long segmentBytes, DirectoryLock dirLock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.dirLock = dirLock;
        this.files = new SegmentFiles(dir);
    }

    /**
     * Opens (creating it if needed) the spool in {@code dir}, recovering whatever a previous
     * process left there, with segment files of a sixteenth of {@code maxBytes} (at least
     * 4 KiB or half of {@code maxBytes}, at most 64 MiB), so that overflowing the bound drops
     * about a sixteenth of the spool at a time.
     *
     * @param dir      directory owned by this spool
     * @param maxBytes upper bound for the bytes of all segment files; positive
     * @return the open spool
     * @throws IllegalArgumentException if {@code maxBytes} is not positive
     * @throws IllegalStateException    if another instance or process has {@code dir} open
     * @throws UncheckedIOException     if the directory cannot be read or written
     */
    public static Spool open(Path dir, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        long segment = Math.min(maxBytes / 16, MAX_DEFAULT_SEGMENT_BYTES);
        segment = Math.max(segment, Math.min(MIN_DEFAULT_SEGMENT_BYTES, Math.max(1, maxBytes / 2)));
        return open(dir, maxBytes, segment);
    }

    /**
     * Like {@link #open(Path, long)} with an explicit segment size. A record goes into a new
     * segment when it would make the current one larger than {@code segmentBytes} (a record
     * larger than that gets a segment of its own). Smaller segments free acknowledged space and
     * drop overflow at a finer grain, at the cost of more files.
     *
     * @param dir          directory owned by this spool
     * @param maxBytes     upper bound for the bytes of all segment files; positive
     * @param segmentBytes target size of one segment file; positive and at most {@code maxBytes}
     * @return the open spool
     * @throws IllegalArgumentException if a size is out of range
     * @throws IllegalStateException    if another instance or process has {@code dir} open
     * @throws UncheckedIOException     if the directory cannot be read or written
     */
    public static Spool open(Path dir, long maxBytes, long segmentBytes) {
        Objects.requireNonNull(dir, "dir");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (segmentBytes <= 0 || segmentBytes > maxBytes) {
            throw new IllegalArgumentException(
                    "segmentBytes must be in 1.." + maxBytes + " (maxBytes), was " + segmentBytes);
        }
        try {
            Files.createDirectories(dir);
            Spool spool = new Spool(dir, maxBytes, segmentBytes, DirectoryLock.take(dir));
            try {
                spool.recover();
            } catch (RuntimeException | IOException e) {
                spool.closeQuietly(e);
                throw e;
            }
            return spool;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open spool in " + dir, e);
        }
    }

    /**
     * Appends a record durably, after all records appended before it. If the segment files would
     * then exceed {@code maxBytes}, the oldest segments are deleted first and their
     * unacknowledged records counted in {@link #droppedRecords()}.
     *
     * @param record the record to spool
     * @throws IllegalArgumentException if the encoded record alone is larger than {@code maxBytes}
     * @throws IllegalStateException    if the spool is closed
     * @throws UncheckedIOException     if the record could not be made durable; it is then not
     *                                  in the spool
     */
    public void append(SpoolRecord record) {
        appendAll(List.of(Objects.requireNonNull(record, "record")));
    }

    /**
     * Appends records in order, after all records appended before them, with one flush to the
     * storage device for the whole batch (a heartbeat round of many nodes costs one
     * {@code fdatasync}, not one per event). When it returns, every record is durable.
     *
     * @param records the records to spool, oldest first; may be empty
     * @throws IllegalArgumentException if one encoded record alone is larger than {@code maxBytes};
     *                                  then none is appended
     * @throws IllegalStateException    if the spool is closed
     * @throws UncheckedIOException     if writing or flushing failed: the records before the one
     *                                  that failed may be in the spool, without the durability
     *                                  promise; the failed one and those after it are not
     */
    public void appendAll(List<SpoolRecord> records) {
        Objects.requireNonNull(records, "records");
        if (records.isEmpty()) {
            return;
        }
        // Encode outside the lock: only the sequence number depends on spool state.
        List<ByteBuffer> frames = new ArrayList<>(records.size());
        for (SpoolRecord record : records) {
            frames.add(Frames.encode(Objects.requireNonNull(record, "record"), maxBytes));
        }
        lock.lock();
        SpoolRecord current = records.get(0);
        try {
            ensureOpen();
            boolean unflushed = false;
            for (int i = 0; i < frames.size(); i++) {
                current = records.get(i);
                ByteBuffer frame = frames.get(i);
                long frameLength = frame.capacity();
                Frames.number(frame, nextSeq);

                makeRoom(frameLength);
                Segment active = files.active();
                if (active == null || (active.size > 0 && active.size + frameLength > segmentBytes)) {
                    if (unflushed && active != null && !active.deleted) {
                        active.channel().force(false); // the segment is sealed (and closed) next
                    }
                    unflushed = false;
                    files.start(nextSeq);
                }
                Segment segment = files.active();
                long position = segment.size;
                FileChannel channel = segment.channel();
                try {
                    SpoolFiles.writeFully(channel, frame, position);
                } catch (IOException e) {
                    // Cut off what may have been written, so a later append does not follow a half frame.
                    try {
                        channel.truncate(position);
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
                segment.size += frameLength;
                segment.end = ++nextSeq;
                files.grew(frameLength);
                unflushed = true;
            }
            if (unflushed) {
                // force(false) is fdatasync: it also persists the new file length needed to read the data.
                files.active().channel().force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append record " + current.eventId() + " to spool " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns up to {@code max} of the oldest unacknowledged records, oldest first, without
     * removing them. Calling it again returns the same records until they are acknowledged.
     * Replaces what the previous call returned as the set {@link #ack(int)} refers to.
     *
     * @param max the most records to return; not negative
     * @return the records, possibly empty, unmodifiable
     * @throws IllegalArgumentException if {@code max} is negative
     * @throws IllegalStateException    if the spool is closed
     * @throws UncheckedIOException     if a segment cannot be read
     */
    public List<SpoolRecord> peek(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, was " + max);
        }
        lock.lock();
        try {
            ensureOpen();
            peeked.clear();
            List<SpoolRecord> out = new ArrayList<>(Math.min(max, 1024));
            List<Segment> segments = files.live();
            for (int i = 0; i < segments.size() && out.size() < max; i++) {
                Segment segment = segments.get(i);
                long seq = Math.max(head, segment.base);
                if (seq >= segment.end) {
                    continue;
                }
                long position = seek(segment, seq);
                if (position < 0) {
                    continue; // damaged before the wanted record; seek has counted it
                }
                FileChannel channel = segment.channel();
                while (seq < segment.end && out.size() < max) {
                    if (reader.read(channel, position, segment.size, seq, true) != Frames.Status.OK) {
                        markDamaged(segment, seq);
                        break;
                    }
                    if (out.isEmpty()) {
                        hint.remember(segment, seq, position);
                    }
                    out.add(reader.record);
                    peeked.addLast(new Peeked(seq, segment, reader.nextPos));
                    position = reader.nextPos;
                    seq++;
                }
            }
            files.closeIdle();
            return Collections.unmodifiableList(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spool " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Durably marks the next {@code count} records returned by the last {@link #peek(int)} as
     * sent; they are not returned again, also not after a restart. Calls may split one peek's
     * records: {@code peek(10); ack(4); ack(6)}. Sealed segment files that hold only
     * acknowledged records are deleted; the active one is reused until full. Records that were
     * dropped to respect the bound while the sender had them peeked are simply skipped.
     *
     * @param count how many of the peeked records Kafka has acknowledged
     * @throws IllegalArgumentException if {@code count} is negative or larger than the number of
     *                                  records peeked and not yet acknowledged
     * @throws IllegalStateException    if the spool is closed
     * @throws UncheckedIOException     if the acknowledgement could not be made durable: it then
     *                                  did not happen and the records stay peeked, so the call
     *                                  may be retried; or if it was made durable but a segment
     *                                  file could not be deleted afterwards (the message says
     *                                  so; later calls retry the deletion)
     */
    public void ack(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        lock.lock();
        try {
            ensureOpen();
            if (count > peeked.size()) {
                throw new IllegalArgumentException("cannot acknowledge " + count + " records: only "
                        + peeked.size() + " were peeked and not yet acknowledged");
            }
            if (count == 0) {
                return;
            }
            List<Peeked> acked = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                acked.add(peeked.pollFirst());
            }
            Peeked last = acked.get(count - 1);
            long newHead = last.seq() + 1;
            // Not greater when the producer dropped these records meanwhile: nothing to persist.
            if (newHead > head) {
                try {
                    AckFile.write(dir, newHead);
                } catch (IOException | RuntimeException e) {
                    // The ack did not happen: keep the records peeked so the sender can retry it.
                    for (int i = count - 1; i >= 0; i--) {
                        peeked.addFirst(acked.get(i));
                    }
                    throw e;
                }
                head = newHead;
                if (!last.segment().deleted) {
                    hint.remember(last.segment(), newHead, last.endPos());
                }
            }
            try {
                deleteAcknowledgedSegments();
            } catch (IOException e) {
                throw new UncheckedIOException("records acknowledged, but acknowledged segment files of spool "
                        + dir + " could not be deleted; later calls retry", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot acknowledge records in spool " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    /** @return records appended and neither acknowledged nor dropped nor lost to damage */
    public long depth() {
        return locked(() -> files.live().stream()
                .mapToLong(segment -> Math.max(0, segment.end - Math.max(segment.base, head))).sum());
    }

    /**
     * @return bytes of the segment files, which {@code maxBytes} bounds. This includes
     *         acknowledged records still sharing the oldest segment with unacknowledged ones,
     *         and those in the active segment, which is reused until full rather than deleted
     *         when drained, so it can be positive while {@link #depth()} is zero
     */
    public long bytes() {
        return locked(() -> files.bytes());
    }

    /** @return unacknowledged records deleted to stay within {@code maxBytes}, since open */
    public long droppedRecords() {
        return locked(() -> droppedRecords);
    }

    /**
     * @return appended records found damaged and skipped since open: the damaged record plus
     *         the intact ones after it in the same segment, which cannot be kept because the
     *         segment is read strictly in sequence
     */
    public long corruptRecords() {
        return locked(() -> corruptRecords);
    }

    /**
     * @return bytes cut off the end of the newest segment by recovery at open: a torn write of
     *         an append that never returned, or damage that cannot be told apart from one
     */
    public long truncatedBytes() {
        return locked(() -> truncatedBytes);
    }

    /**
     * Closes the segment files and releases the directory lock. Everything appended or
     * acknowledged is already durable, so closing flushes nothing. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            IOException failure = files.closeAll(null);
            failure = dirLock.release(failure);
            if (failure != null) {
                throw new UncheckedIOException("cannot close spool " + dir, failure);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        AckFile.discardUnfinished(dir);
        long acked = AckFile.read(dir);
        SpoolRecovery.Found found = SpoolRecovery.scan(dir, acked, reader);
        files.restore(found.segments());
        corruptRecords += found.corruptRecords();
        truncatedBytes += found.truncatedBytes();
        boolean changed = found.deletedFiles();
        head = acked;
        // Never below the ack position: if every segment was deleted, reusing acknowledged
        // sequence numbers would make new records look acknowledged.
        nextSeq = files.active() == null ? acked : Math.max(acked, files.active().end);
        // A crash between writing the ack file and deleting segments leaves acknowledged files.
        changed |= removeAcknowledgedSegments();
        // The spool may have been written with a larger bound.
        changed |= dropOldest(0);
        if (changed) {
            SpoolFiles.forceDirectory(dir);
        }
        files.closeIdle();
    }

    // ---------------------------------------------------------------- segments

    /** Deletes oldest segments until {@code needed} more bytes fit; returns whether any went. */
    private boolean dropOldest(long needed) throws IOException {
        boolean dropped = false;
        while (!files.live().isEmpty() && files.bytes() + needed > maxBytes) {
            Segment oldest = files.live().get(0);
            long unacked = Math.max(0, oldest.end - Math.max(oldest.base, head));
            removeSegment(oldest);
            droppedRecords += unacked;
            head = Math.max(head, oldest.end);
            dropped = true;
        }
        return dropped;
    }

    private void makeRoom(long needed) throws IOException {
        if (dropOldest(needed)) {
            SpoolFiles.forceDirectory(dir);
        }
    }

    /**
     * Deletes sealed segments holding only acknowledged records. The active segment is kept
     * even then and filled up before it is sealed: deleting it would make a sender that keeps
     * up with the producer create, force and delete a file for every record.
     */
    private boolean removeAcknowledgedSegments() throws IOException {
        boolean removed = false;
        List<Segment> segments = files.live();
        while (!segments.isEmpty() && segments.get(0).end <= head && segments.get(0) != files.active()) {
            removeSegment(segments.get(0));
            removed = true;
        }
        return removed;
    }

    private void deleteAcknowledgedSegments() throws IOException {
        if (removeAcknowledgedSegments()) {
            // Not needed for correctness (the ack file already skips these records), but it
            // keeps a deleted segment from reappearing and costing space after a power loss.
            SpoolFiles.forceDirectory(dir);
        }
    }

    private void removeSegment(Segment segment) throws IOException {
        files.remove(segment);
        hint.forget(segment);
    }

    /** Position of record {@code seq} in {@code segment}, or -1 if damage precedes it. */
    private long seek(Segment segment, long seq) throws IOException {
        boolean hinted = hint.precedes(segment, seq);
        long s = hinted ? hint.seq() : segment.base;
        long position = hinted ? hint.position() : 0;
        FileChannel channel = segment.channel();
        while (s < seq) {
            if (reader.read(channel, position, segment.size, s, false) != Frames.Status.OK) {
                markDamaged(segment, s);
                return -1;
            }
            position = reader.nextPos;
            s++;
        }
        return position;
    }

    /**
     * Handles a frame that went bad after recovery had checked it (the disk changed under us):
     * the rest of the segment cannot be read in sequence, so it is given up and counted, and a
     * damaged active segment is sealed so that new appends go to a fresh file. The next open
     * finds the same damage and truncates the file.
     */
    private void markDamaged(Segment segment, long seq) {
        long lostFrom = Math.max(seq, head);
        if (segment.end > lostFrom) {
            corruptRecords += segment.end - lostFrom;
        }
        segment.end = Math.min(segment.end, seq);
        if (segment == files.active()) {
            files.seal();
        }
        hint.forget(segment, seq);
    }

    // ---------------------------------------------------------------- helpers

    /** A figure read under the lock. */
    private long locked(LongSupplier figure) {
        lock.lock();
        try {
            return figure.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
    }

    static String segmentName(long base) {
        return String.format(Locale.ROOT, "%020d%s", base, SEGMENT_SUFFIX);
    }

    private void closeQuietly(Exception cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private record Peeked(long seq, Segment segment, long endPos) {
    }
}
