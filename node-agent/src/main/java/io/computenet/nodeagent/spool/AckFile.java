package io.computenet.nodeagent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The {@link Spool}'s durable acknowledgement position, the sequence number of the first unacknowledged record, in
 * {@value Spool#ACK_FILE}: {@code magic:int32 ("CNA1")  firstUnackedSeq:int64  crc:int32} (CRC-32C over the 12 bytes
 * before, big-endian). Written to a temporary file, forced and renamed over the old one, so a crash leaves either
 * position, never a torn one.
 */
final class AckFile {

    private static final String TEMP_FILE = Spool.ACK_FILE + ".tmp";
    private static final int MAGIC = 0x434E4131; // "CNA1"
    private static final int BYTES = 4 + 8 + 4;

    private AckFile() {
    }

    /** The position in {@code dir}; 0 (everything redelivered) when there is none or it is unreadable. */
    static long read(Path dir) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(Spool.ACK_FILE));
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (bytes.length != BYTES) {
            return 0; // unreadable: redeliver everything rather than risk skipping a record
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, BYTES - 4);
        if (buffer.getInt(0) != MAGIC || buffer.getInt(BYTES - 4) != (int) crc.getValue()) {
            return 0;
        }
        return Math.max(0, buffer.getLong(4));
    }

    /** Durably replaces the position in {@code dir} by {@code firstUnacked}. */
    static void write(Path dir, long firstUnacked) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BYTES);
        buffer.putInt(MAGIC).putLong(firstUnacked);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, BYTES - 4);
        buffer.putInt((int) crc.getValue()).flip();
        Path temp = dir.resolve(TEMP_FILE);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            SpoolFiles.writeFully(channel, buffer, 0);
            channel.force(true);
        }
        // rename(2) replaces the old file atomically: a crash leaves either the old or the new position.
        Files.move(temp, dir.resolve(Spool.ACK_FILE), StandardCopyOption.ATOMIC_MOVE);
        SpoolFiles.forceDirectory(dir);
    }

    /** Deletes a temporary file left by a write that never got renamed: that acknowledgement did not happen. */
    static void discardUnfinished(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(TEMP_FILE));
    }
}
