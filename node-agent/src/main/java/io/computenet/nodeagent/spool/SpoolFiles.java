package io.computenet.nodeagent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The file-system steps the {@link Spool}'s durability rests on: positional reads and writes that complete, a forced
 * directory (so that a created, renamed or deleted file survives a power loss), and closing without losing the
 * first failure.
 */
final class SpoolFiles {

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private SpoolFiles() {
    }

    /** Forces {@code dir}'s entries (created, renamed, deleted files) to the storage device. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; NTFS journals directory changes itself.
            if (!WINDOWS) {
                throw e;
            }
        }
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    /** Reads until {@code buffer} is full; false if the file ends first. */
    static boolean readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
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

    /** Closes {@code channel} (when not null), adding a failure to {@code cause}. */
    static void closeQuietly(FileChannel channel, Exception cause) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** {@code first} with {@code next} suppressed by it, or {@code next} when there is no first. */
    static IOException chain(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
