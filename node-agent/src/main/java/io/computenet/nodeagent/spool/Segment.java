package io.computenet.nodeagent.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file of a {@link Spool}, named after the sequence number of its first record ({@link #base}): the
 * range of records it holds and its channel, opened on demand. The {@code Spool}'s lock guards every field.
 */
final class Segment {
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
            failure = SpoolFiles.chain(failure, e);
        } finally {
            channel = null;
        }
        return failure;
    }
}
