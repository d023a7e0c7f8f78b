package io.computenet.nodeagent.spool;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

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
 * zero-padded to 20 digits ({@code 00000000000000000042.seg}), the ack file {@value #ACK_FILE}
 * and the lock file {@value #LOCK_FILE}. All integers are big-endian.
 * <pre>
 * segment  := frame*
 * frame    := bodyLength:int32  crc:int32  body          crc = CRC-32C over bodyLength and body
 * body     := seq:int64  topic:str  key:str  eventId:str  payload:str
 * str      := byteLength:int32  utf8Bytes                 byteLength -1 encodes a null key
 * ack file := magic:int32 ("CNA1")  firstUnackedSeq:int64  crc:int32 (CRC-32C over the 12 bytes before)
 * </pre>
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

    /** Bytes of the frame header: body length and CRC. */
    static final int FRAME_HEADER_BYTES = 8;

    private static final String ACK_TEMP_FILE = ACK_FILE + ".tmp";
    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\.seg");
    /** seq + four string length prefixes: no body can be shorter, so shorter lengths are garbage. */
    private static final int MIN_BODY_BYTES = 8 + 4 * 4;
    private static final int ACK_MAGIC = 0x434E4131; // "CNA1"
    private static final int ACK_FILE_BYTES = 4 + 8 + 4;
    private static final long MAX_DEFAULT_SEGMENT_BYTES = 64L << 20;
    private static final long MIN_DEFAULT_SEGMENT_BYTES = 4L << 10;
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock dirLock;

    /** Guards everything below; one lock keeps the producer's and the sender's views consistent. */
    private final ReentrantLock lock = new ReentrantLock();
    private final FrameReader reader = new FrameReader();
    /** Live segments, oldest first; contiguous sequence ranges, possibly with gaps left by damage. */
    private final ArrayList<Segment> segments = new ArrayList<>();
    /** Records returned by the last {@code peek} and not acknowledged since, oldest first. */
    private final ArrayDeque<Peeked> peeked = new ArrayDeque<>();
    /** Segment that receives appends; {@code null} until the next append creates one. */
    private Segment active;
    /** Every record with a lower sequence number is acknowledged or dropped. */
    private long head;
    /** Sequence number the next appended record gets. */
    private long nextSeq;
    private long diskBytes;
    private long droppedRecords;
    private long corruptRecords;
    private long truncatedBytes;
    /** Known file position of record {@code hintSeq} in {@code hintSegment}, so peek need not rescan. */
    private Segment hintSegment;
    private long hintSeq;
    private long hintPos;
    private boolean closed;

    private Spool(Path dir, long maxBytes, long segmentBytes, FileChannel lockChannel, FileLock dirLock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.lockChannel = lockChannel;
        this.dirLock = dirLock;
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
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock dirLock;
            try {
                dirLock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                dirLock = null; // held by another Spool in this JVM
            }
            if (dirLock == null) {
                throw new IllegalStateException("spool directory " + dir
                        + " is already open by another Spool instance or process");
            }
            Spool spool = new Spool(dir, maxBytes, segmentBytes, lockChannel, dirLock);
            try {
                spool.recover();
            } catch (RuntimeException | IOException e) {
                spool.closeQuietly(e);
                throw e;
            }
            return spool;
        } catch (IOException e) {
            closeQuietly(lockChannel, e);
            throw new UncheckedIOException("cannot open spool in " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel, e);
            throw e;
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
            frames.add(encode(Objects.requireNonNull(record, "record")));
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
                int bodyLength = (int) (frameLength - FRAME_HEADER_BYTES);
                frame.putLong(FRAME_HEADER_BYTES, nextSeq);
                CRC32C crc = new CRC32C();
                crc.update(frame.array(), 0, 4);
                crc.update(frame.array(), FRAME_HEADER_BYTES, bodyLength);
                frame.putInt(4, (int) crc.getValue());
                frame.position(0);

                makeRoom(frameLength);
                if (active == null || (active.size > 0 && active.size + frameLength > segmentBytes)) {
                    if (unflushed && active != null && !active.deleted) {
                        active.channel().force(false); // the segment is sealed (and closed) next
                    }
                    unflushed = false;
                    startSegment();
                }
                Segment segment = active;
                long position = segment.size;
                FileChannel channel = segment.channel();
                try {
                    writeFully(channel, frame, position);
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
                diskBytes += frameLength;
                unflushed = true;
            }
            if (unflushed) {
                // force(false) is fdatasync: it also persists the new file length needed to read the data.
                active.channel().force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append record " + current.eventId() + " to spool " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    /** The record's frame with its sequence number and checksum still zero. */
    private ByteBuffer encode(SpoolRecord record) {
        byte[] topic = record.topic().getBytes(UTF_8);
        byte[] key = record.key() == null ? null : record.key().getBytes(UTF_8);
        byte[] eventId = record.eventId().getBytes(UTF_8);
        byte[] payload = record.payload().getBytes(UTF_8);
        long bodyLength = (long) MIN_BODY_BYTES + topic.length + (key == null ? 0 : key.length)
                + eventId.length + payload.length;
        long frameLength = FRAME_HEADER_BYTES + bodyLength;
        if (frameLength > maxBytes || bodyLength > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("record " + record.eventId() + " is " + frameLength
                    + " bytes when spooled, more than the spool can hold (maxBytes=" + maxBytes + ")");
        }
        ByteBuffer frame = ByteBuffer.allocate((int) frameLength);
        frame.putInt((int) bodyLength).putInt(0).putLong(0L);
        putString(frame, topic);
        putString(frame, key);
        putString(frame, eventId);
        putString(frame, payload);
        return frame;
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
                    if (reader.read(channel, position, segment.size, seq, true) != Status.OK) {
                        markDamaged(segment, seq);
                        break;
                    }
                    if (out.isEmpty()) {
                        remember(segment, seq, position);
                    }
                    out.add(reader.record);
                    peeked.addLast(new Peeked(seq, segment, reader.nextPos));
                    position = reader.nextPos;
                    seq++;
                }
            }
            closeIdleChannels();
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
                    writeAckFile(newHead);
                } catch (IOException | RuntimeException e) {
                    // The ack did not happen: keep the records peeked so the sender can retry it.
                    for (int i = count - 1; i >= 0; i--) {
                        peeked.addFirst(acked.get(i));
                    }
                    throw e;
                }
                head = newHead;
                if (!last.segment().deleted) {
                    remember(last.segment(), newHead, last.endPos());
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
        lock.lock();
        try {
            long depth = 0;
            for (Segment segment : segments) {
                depth += Math.max(0, segment.end - Math.max(segment.base, head));
            }
            return depth;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return bytes of the segment files, which {@code maxBytes} bounds. This includes
     *         acknowledged records still sharing the oldest segment with unacknowledged ones,
     *         and those in the active segment, which is reused until full rather than deleted
     *         when drained, so it can be positive while {@link #depth()} is zero
     */
    public long bytes() {
        lock.lock();
        try {
            return diskBytes;
        } finally {
            lock.unlock();
        }
    }

    /** @return unacknowledged records deleted to stay within {@code maxBytes}, since open */
    public long droppedRecords() {
        lock.lock();
        try {
            return droppedRecords;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return appended records found damaged and skipped since open: the damaged record plus
     *         the intact ones after it in the same segment, which cannot be kept because the
     *         segment is read strictly in sequence
     */
    public long corruptRecords() {
        lock.lock();
        try {
            return corruptRecords;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return bytes cut off the end of the newest segment by recovery at open: a torn write of
     *         an append that never returned, or damage that cannot be told apart from one
     */
    public long truncatedBytes() {
        lock.lock();
        try {
            return truncatedBytes;
        } finally {
            lock.unlock();
        }
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
            IOException failure = null;
            for (Segment segment : segments) {
                failure = segment.closeChannel(failure);
            }
            try {
                dirLock.release();
            } catch (IOException e) {
                failure = chain(failure, e);
            }
            try {
                lockChannel.close();
            } catch (IOException e) {
                failure = chain(failure, e);
            }
            if (failure != null) {
                throw new UncheckedIOException("cannot close spool " + dir, failure);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        Files.deleteIfExists(dir.resolve(ACK_TEMP_FILE)); // an ack that never got renamed did not happen
        long acked = readAckFile();
        List<Segment> found = listSegments();
        boolean changed;
        try {
            changed = scan(found, acked);
        } catch (IOException | RuntimeException e) {
            for (Segment segment : found) {
                IOException closeFailure = segment.closeChannel(null);
                if (closeFailure != null) {
                    e.addSuppressed(closeFailure);
                }
            }
            throw e;
        }
        head = acked;
        // Never below the ack position: if every segment was deleted, reusing acknowledged
        // sequence numbers would make new records look acknowledged.
        nextSeq = segments.isEmpty() ? acked : Math.max(acked, segments.get(segments.size() - 1).end);
        for (Segment segment : segments) {
            diskBytes += segment.size;
        }
        if (!segments.isEmpty()) {
            active = segments.get(segments.size() - 1);
        }
        // A crash between writing the ack file and deleting segments leaves acknowledged files.
        changed |= removeAcknowledgedSegments();
        // The spool may have been written with a larger bound.
        changed |= dropOldest(0);
        if (changed) {
            forceDirectory();
        }
        closeIdleChannels();
    }

    /**
     * Checks every frame of every segment in order, cuts off what is damaged and deletes
     * segments left empty; returns whether files were deleted. Damage is only counted where it
     * hits records not yet acknowledged.
     */
    private boolean scan(List<Segment> found, long acked) throws IOException {
        boolean changed = false;
        for (int i = 0; i < found.size(); i++) {
            Segment segment = found.get(i);
            boolean newest = i == found.size() - 1;
            FileChannel channel = segment.channel();
            long fileSize = channel.size();
            long position = 0;
            long seq = segment.base;
            Status status;
            while ((status = reader.read(channel, position, fileSize, seq, false)) == Status.OK) {
                position = reader.nextPos;
                seq++;
            }
            if (position < fileSize) {
                if (!newest) {
                    // Sealed segment: appends only moved on to the next segment after every
                    // record up to its first one had been made durable, so all were promised.
                    corruptRecords += Math.max(0, found.get(i + 1).base - Math.max(seq, acked));
                } else {
                    if (reader.extentKnown(status) && reader.nextPos < fileSize) {
                        // Data follows the bad frame, so this is not the tail of an interrupted
                        // append but damage to a promised record; count it and what follows it.
                        long lostEnd = seq + 1 + countIntact(channel, reader.nextPos, fileSize, seq + 1);
                        corruptRecords += Math.max(0, lostEnd - Math.max(seq, acked));
                    }
                    truncatedBytes += fileSize - position;
                }
                // Cut the damage off so that appends continue after the last good frame and the
                // same damage is not reported again on every open.
                channel.truncate(position);
                channel.force(true);
            }
            segment.size = position;
            segment.end = seq;
            if (position == 0) {
                IOException closeFailure = segment.closeChannel(null);
                if (closeFailure != null) {
                    throw closeFailure;
                }
                Files.delete(segment.path);
                changed = true;
            } else {
                segments.add(segment);
            }
        }
        return changed;
    }

    private List<Segment> listSegments() throws IOException {
        List<Segment> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = SEGMENT_NAME.matcher(file.getFileName().toString());
                if (m.matches() && Files.isRegularFile(file)) {
                    found.add(new Segment(Long.parseLong(m.group(1)), file));
                }
            }
        }
        found.sort((a, b) -> Long.compare(a.base, b.base));
        return found;
    }

    private int countIntact(FileChannel channel, long position, long limit, long seq) throws IOException {
        int count = 0;
        while (reader.read(channel, position, limit, seq, false) == Status.OK) {
            position = reader.nextPos;
            seq++;
            count++;
        }
        return count;
    }

    private long readAckFile() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(ACK_FILE));
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (bytes.length != ACK_FILE_BYTES) {
            return 0; // unreadable: redeliver everything rather than risk skipping a record
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, ACK_FILE_BYTES - 4);
        if (buffer.getInt(0) != ACK_MAGIC || buffer.getInt(ACK_FILE_BYTES - 4) != (int) crc.getValue()) {
            return 0;
        }
        return Math.max(0, buffer.getLong(4));
    }

    // ---------------------------------------------------------------- segments

    private void startSegment() throws IOException {
        Path path = dir.resolve(segmentName(nextSeq));
        FileChannel channel = FileChannel.open(path,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            // The new file's directory entry must be durable before any record in it is promised.
            forceDirectory();
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            try {
                Files.deleteIfExists(path);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        Segment previous = active;
        Segment segment = new Segment(nextSeq, path);
        segment.channel = channel;
        segment.end = nextSeq;
        segments.add(segment);
        active = segment;
        if (previous != null && !previous.deleted && previous != segments.get(0)) {
            previous.closeChannel(null); // sealed and not being read: free the descriptor
        }
    }

    /** Deletes oldest segments until {@code needed} more bytes fit; returns whether any went. */
    private boolean dropOldest(long needed) throws IOException {
        boolean dropped = false;
        while (!segments.isEmpty() && diskBytes + needed > maxBytes) {
            Segment oldest = segments.get(0);
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
            forceDirectory();
        }
    }

    /**
     * Deletes sealed segments holding only acknowledged records. The active segment is kept
     * even then and filled up before it is sealed: deleting it would make a sender that keeps
     * up with the producer create, force and delete a file for every record.
     */
    private boolean removeAcknowledgedSegments() throws IOException {
        boolean removed = false;
        while (!segments.isEmpty() && segments.get(0).end <= head && segments.get(0) != active) {
            removeSegment(segments.get(0));
            removed = true;
        }
        return removed;
    }

    private void deleteAcknowledgedSegments() throws IOException {
        if (removeAcknowledgedSegments()) {
            // Not needed for correctness (the ack file already skips these records), but it
            // keeps a deleted segment from reappearing and costing space after a power loss.
            forceDirectory();
        }
    }

    private void removeSegment(Segment segment) throws IOException {
        IOException closeFailure = segment.closeChannel(null);
        Files.deleteIfExists(segment.path);
        if (closeFailure != null) {
            throw closeFailure;
        }
        segments.remove(segment);
        segment.deleted = true;
        diskBytes -= segment.size;
        if (segment == active) {
            active = null;
        }
        if (segment == hintSegment) {
            hintSegment = null;
        }
    }

    /** Position of record {@code seq} in {@code segment}, or -1 if damage precedes it. */
    private long seek(Segment segment, long seq) throws IOException {
        long s = segment.base;
        long position = 0;
        if (hintSegment == segment && hintSeq <= seq) {
            s = hintSeq;
            position = hintPos;
        }
        FileChannel channel = segment.channel();
        while (s < seq) {
            if (reader.read(channel, position, segment.size, s, false) != Status.OK) {
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
        if (segment == active) {
            active = null;
        }
        if (segment == hintSegment && hintSeq > seq) {
            hintSegment = null;
        }
    }

    private void remember(Segment segment, long seq, long position) {
        hintSegment = segment;
        hintSeq = seq;
        hintPos = position;
    }

    /** Keeps descriptors open only for the segment being read and the one being written. */
    private void closeIdleChannels() {
        for (int i = 1; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment != active) {
                segment.closeChannel(null);
            }
        }
    }

    // ---------------------------------------------------------------- ack

    private void writeAckFile(long firstUnacked) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(ACK_FILE_BYTES);
        buffer.putInt(ACK_MAGIC).putLong(firstUnacked);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, ACK_FILE_BYTES - 4);
        buffer.putInt((int) crc.getValue()).flip();
        Path temp = dir.resolve(ACK_TEMP_FILE);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            writeFully(channel, buffer, 0);
            channel.force(true);
        }
        // rename(2) replaces the old file atomically: a crash leaves either the old or the new position.
        Files.move(temp, dir.resolve(ACK_FILE), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
    }

    // ---------------------------------------------------------------- helpers

    private void forceDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; NTFS journals directory changes itself.
            if (!WINDOWS) {
                throw e;
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
    }

    private void closeQuietly(Exception cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void closeQuietly(FileChannel channel, Exception cause) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static IOException chain(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    static String segmentName(long base) {
        return String.format(Locale.ROOT, "%020d%s", base, SEGMENT_SUFFIX);
    }

    private static void putString(ByteBuffer buffer, byte[] bytes) {
        if (bytes == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(bytes.length).put(bytes);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    /** Reads until {@code buffer} is full; false if the file ends first. */
    private static boolean readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                return false;
            }
            at += n;
        }
        return true;
    }

    // ---------------------------------------------------------------- types

    private record Peeked(long seq, Segment segment, long endPos) {
    }

    private static final class Segment {
        final long base;
        final Path path;
        /** Sequence number after the last readable record. */
        long end;
        /** Bytes in the file. */
        long size;
        FileChannel channel;
        boolean deleted;

        Segment(long base, Path path) {
            this.base = base;
            this.path = path;
            this.end = base;
        }

        FileChannel channel() throws IOException {
            if (channel == null) {
                channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            return channel;
        }

        IOException closeChannel(IOException failure) {
            if (channel == null) {
                return failure;
            }
            try {
                channel.close();
            } catch (IOException e) {
                failure = chain(failure, e);
            } finally {
                channel = null;
            }
            return failure;
        }
    }

    private enum Status {
        OK,
        /** Fewer bytes left than a frame header. */
        TORN_HEADER,
        /** Length field too small to be a frame: garbage or a zero-filled tail. */
        BAD_LENGTH,
        /** Length field points past the end of the segment. */
        PAST_END,
        BAD_CHECKSUM,
        /** Checksum fine but not the record expected here: a stale or misplaced frame. */
        BAD_SEQUENCE,
        /** Checksum fine but the body does not parse. */
        BAD_STRUCTURE
    }

    /** Reads and checks one frame; reuses its buffers because recovery reads every frame. */
    private static final class FrameReader {
        private final ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER_BYTES);
        private final CRC32C crc = new CRC32C();
        private ByteBuffer body = ByteBuffer.allocate(4096);
        /** Position after the frame; valid when {@link #extentKnown} holds for the status. */
        long nextPos;
        /** The decoded record after an OK read with {@code decode}. */
        SpoolRecord record;

        boolean extentKnown(Status status) {
            return status == Status.OK || status == Status.BAD_CHECKSUM
                    || status == Status.BAD_SEQUENCE || status == Status.BAD_STRUCTURE;
        }

        Status read(FileChannel channel, long position, long limit, long expectedSeq, boolean decode)
                throws IOException {
            record = null;
            if (limit - position < FRAME_HEADER_BYTES) {
                return Status.TORN_HEADER;
            }
            header.clear();
            if (!readFully(channel, header, position)) {
                return Status.TORN_HEADER;
            }
            int length = header.getInt(0);
            int storedCrc = header.getInt(4);
            if (length < MIN_BODY_BYTES) {
                return Status.BAD_LENGTH;
            }
            if (length > limit - position - FRAME_HEADER_BYTES) {
                return Status.PAST_END;
            }
            if (body.capacity() < length) {
                body = ByteBuffer.allocate(Math.max(length, body.capacity() * 2));
            }
            body.clear().limit(length);
            if (!readFully(channel, body, position + FRAME_HEADER_BYTES)) {
                return Status.PAST_END;
            }
            nextPos = position + FRAME_HEADER_BYTES + length;
            crc.reset();
            crc.update(header.array(), 0, 4);
            crc.update(body.array(), 0, length);
            if ((int) crc.getValue() != storedCrc) {
                return Status.BAD_CHECKSUM;
            }
            ByteBuffer b = ByteBuffer.wrap(body.array(), 0, length);
            if (b.getLong() != expectedSeq) {
                return Status.BAD_SEQUENCE;
            }
            String topic;
            String key;
            String eventId;
            String payload;
            try {
                topic = string(b, false, decode);
                key = string(b, true, decode);
                eventId = string(b, false, decode);
                payload = string(b, false, decode);
            } catch (IllegalStateException malformed) {
                return Status.BAD_STRUCTURE;
            }
            if (b.hasRemaining()) {
                return Status.BAD_STRUCTURE;
            }
            if (decode) {
                try {
                    record = new SpoolRecord(topic, key, eventId, payload);
                } catch (IllegalArgumentException invalid) {
                    return Status.BAD_STRUCTURE;
                }
            }
            return Status.OK;
        }

        private static String string(ByteBuffer b, boolean nullable, boolean decode) {
            if (b.remaining() < 4) {
                throw new IllegalStateException("truncated length");
            }
            int length = b.getInt();
            if (length == -1 && nullable) {
                return null;
            }
            if (length < 0 || length > b.remaining()) {
                throw new IllegalStateException("bad length " + length);
            }
            String value = decode ? new String(b.array(), b.arrayOffset() + b.position(), length, UTF_8) : null;
            b.position(b.position() + length);
            return value;
        }
    }
}
