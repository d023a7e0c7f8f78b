package io.computenet.nodeagent.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@link Spool#open} finds in its directory: every segment file read frame by frame, a torn write at the end of
 * the newest cut off (counted in bytes), damage to promised records cut off with the rest of its segment (counted in
 * records not yet acknowledged), and segments left empty deleted. The files are changed here; the spool's state is
 * built from the {@link Found} result.
 */
final class SpoolRecovery {

    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\.seg");

    /**
     * The readable segments, oldest first, their channels open; the records lost to damage and the bytes of torn
     * writes cut off; whether segment files were deleted (the directory then needs forcing).
     */
    record Found(List<Segment> segments, long corruptRecords, long truncatedBytes, boolean deletedFiles) {
    }

    private SpoolRecovery() {
    }

    /** Reads and repairs the segments in {@code dir}; records below {@code acked} are acknowledged. */
    static Found scan(Path dir, long acked, Frames.Reader reader) throws IOException {
        List<Segment> found = listSegments(dir);
        try {
            return scan(found, acked, reader);
        } catch (IOException | RuntimeException e) {
            for (Segment segment : found) {
                IOException closeFailure = segment.closeChannel(null);
                if (closeFailure != null) {
                    e.addSuppressed(closeFailure);
                }
            }
            throw e;
        }
    }

    /**
     * Checks every frame of every segment in order, cuts off what is damaged and deletes
     * segments left empty. Damage is only counted where it hits records not yet acknowledged.
     */
    private static Found scan(List<Segment> found, long acked, Frames.Reader reader) throws IOException {
        List<Segment> kept = new ArrayList<>();
        long corruptRecords = 0;
        long truncatedBytes = 0;
        boolean changed = false;
        for (int i = 0; i < found.size(); i++) {
            Segment segment = found.get(i);
            boolean newest = i == found.size() - 1;
            FileChannel channel = segment.channel();
            long fileSize = channel.size();
            long position = 0;
            long seq = segment.base;
            Frames.Status status;
            while ((status = reader.read(channel, position, fileSize, seq, false)) == Frames.Status.OK) {
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
                        long lostEnd = seq + 1 + countIntact(reader, channel, reader.nextPos, fileSize, seq + 1);
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
                kept.add(segment);
            }
        }
        return new Found(kept, corruptRecords, truncatedBytes, changed);
    }

    private static List<Segment> listSegments(Path dir) throws IOException {
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

    private static int countIntact(Frames.Reader reader, FileChannel channel, long position, long limit, long seq) throws IOException {
        int count = 0;
        while (reader.read(channel, position, limit, seq, false) == Frames.Status.OK) {
            position = reader.nextPos;
            seq++;
            count++;
        }
        return count;
    }
}
