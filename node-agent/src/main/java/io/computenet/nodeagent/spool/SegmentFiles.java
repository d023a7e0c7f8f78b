package io.computenet.nodeagent.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The live segment files of a {@link Spool}, oldest first (contiguous sequence ranges, possibly with gaps left by
 * damage): which one receives appends, their total bytes, and which channels stay open. Creating a file forces the
 * directory before any record in it is promised; deleting one marks it {@link Segment#deleted}. The {@code Spool}'s
 * lock guards it.
 */
final class SegmentFiles {

    private final Path dir;
    private final ArrayList<Segment> live = new ArrayList<>();
    /** Segment that receives appends; {@code null} until the next append creates one. */
    private Segment active;
    private long bytes;

    SegmentFiles(Path dir) {
        this.dir = dir;
    }

    /** The live segments, oldest first (a view that follows changes). */
    List<Segment> live() {
        return Collections.unmodifiableList(live);
    }

    Segment active() {
        return active;
    }

    /** Bytes of all live segment files. */
    long bytes() {
        return bytes;
    }

    /** Takes the segments recovery found; the newest receives appends. */
    void restore(List<Segment> found) {
        live.addAll(found);
        for (Segment segment : found) {
            bytes += segment.size;
        }
        if (!live.isEmpty()) {
            active = live.get(live.size() - 1);
        }
    }

    /** Counts {@code frameLength} bytes just written to the active segment. */
    void grew(long frameLength) {
        bytes += frameLength;
    }

    /** Seals the active segment: the next append starts a new one. */
    void seal() {
        active = null;
    }

    /** Creates the segment whose first record is {@code base}, durably, and makes it the active one. */
    void start(long base) throws IOException {
        Path path = dir.resolve(Spool.segmentName(base));
        FileChannel channel = FileChannel.open(path,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            // The new file's directory entry must be durable before any record in it is promised.
            SpoolFiles.forceDirectory(dir);
        } catch (IOException | RuntimeException e) {
            SpoolFiles.closeQuietly(channel, e);
            try {
                Files.deleteIfExists(path);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        Segment previous = active;
        Segment segment = new Segment(base, path);
        segment.channel = channel;
        segment.end = base;
        live.add(segment);
        active = segment;
        if (previous != null && !previous.deleted && previous != live.get(0)) {
            previous.closeChannel(null); // sealed and not being read: free the descriptor
        }
    }

    /** Deletes {@code segment}'s file (the directory is not forced) and forgets it. */
    void remove(Segment segment) throws IOException {
        IOException closeFailure = segment.closeChannel(null);
        Files.deleteIfExists(segment.path);
        if (closeFailure != null) {
            throw closeFailure;
        }
        live.remove(segment);
        segment.deleted = true;
        bytes -= segment.size;
        if (segment == active) {
            active = null;
        }
    }

    /** Keeps descriptors open only for the segment being read and the one being written. */
    void closeIdle() {
        for (int i = 1; i < live.size(); i++) {
            Segment segment = live.get(i);
            if (segment != active) {
                segment.closeChannel(null);
            }
        }
    }

    /** Closes every channel; returns {@code failure} with what failed here chained to it. */
    IOException closeAll(IOException failure) {
        for (Segment segment : live) {
            failure = segment.closeChannel(failure);
        }
        return failure;
    }
}
