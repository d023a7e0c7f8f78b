package io.computenet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive lock on one unpacked distribution, held from install through shutdown: two
 * servers sharing a Keycloak home would share (and wipe) one H2 database.
 */
final class DistributionLock {
    private final FileChannel channel;
    private final FileLock lock;

    private DistributionLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DistributionLock acquire(Path home, Instant deadline) {
        Path lockFile = home.resolveSibling(home.getFileName() + ".lock");
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                while (true) {
                    FileLock lock;
                    try {
                        lock = channel.tryLock();
                    } catch (OverlappingFileLockException sameJvm) {
                        // waiting would dead-lock a caller that forgot to close the first server
                        throw new KeycloakServer.StartException("Keycloak in " + home + " is already running in this JVM;"
                                + " close it first or use another cacheDir", sameJvm);
                    }
                    if (lock != null) {
                        return new DistributionLock(channel, lock);
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new KeycloakServer.StartException("Keycloak in " + home + " is in use by another process"
                                + " (lock " + lockFile + "); use another cacheDir", null);
                    }
                    Thread.sleep(250);
                }
            } catch (InterruptedException e) {
                channel.close();
                Thread.currentThread().interrupt();
                throw new KeycloakServer.StartException("interrupted while waiting for " + lockFile, e);
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void release() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
