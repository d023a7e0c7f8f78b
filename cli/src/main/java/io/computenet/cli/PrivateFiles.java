package io.computenet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files only their owner may read, in a directory only its owner may enter (0600 in 0700 where the file system has
 * POSIX permissions). A file is written whole to a private temporary file and moved into place, so a reader never
 * sees half a file and the contents are never readable by others, not even for a moment.
 */
public final class PrivateFiles {

    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    public static void write(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (POSIX) {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            }
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(FILE));
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } else {
            Files.createDirectories(dir);
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
    }

    /**
     * The file's contents, or empty when there is none. A file that others may read (copied in by hand, say) is
     * made private again first.
     */
    public static Optional<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        if (POSIX && !Files.getPosixFilePermissions(file).equals(FILE)) {
            Files.setPosixFilePermissions(file, EnumSet.copyOf(FILE));
        }
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static boolean delete(Path file) throws IOException {
        return Files.deleteIfExists(file);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
