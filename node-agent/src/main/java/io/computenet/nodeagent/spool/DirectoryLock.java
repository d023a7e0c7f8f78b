package io.computenet.nodeagent.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive OS lock on {@value Spool#LOCK_FILE} that keeps a second {@link Spool} out of a directory. The OS
 * releases it when the owning process dies, so a killed agent does not block its own restart.
 */
final class DirectoryLock {

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir} (which exists).
     *
     * @throws IllegalStateException if another instance or process holds it
     */
    static DirectoryLock take(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(Spool.LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another Spool in this JVM
            }
            if (lock == null) {
                throw new IllegalStateException("spool directory " + dir
                        + " is already open by another Spool instance or process");
            }
            return new DirectoryLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            SpoolFiles.closeQuietly(channel, e);
            throw e;
        }
    }

    /** Releases the lock and closes its file; returns {@code failure} with what failed here chained to it. */
    IOException release(IOException failure) {
        try {
            lock.release();
        } catch (IOException e) {
            failure = SpoolFiles.chain(failure, e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            failure = SpoolFiles.chain(failure, e);
        }
        return failure;
    }
}
