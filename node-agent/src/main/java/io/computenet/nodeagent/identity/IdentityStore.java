package io.computenet.nodeagent.identity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps node identities on disk, one JSON file per node in a directory, readable by the agent's user only. A file is
 * written to a temporary name, synced and renamed, so a crash never leaves half an identity.
 */
public final class IdentityStore {

    private static final Pattern FILE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    public IdentityStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The identity stored under {@code name}, if any; a damaged file is an error naming it, never ignored. */
    public Optional<NodeIdentity> read(String name) {
        return readPath(file(name), "restore it from a backup, or revoke the node and enrol it again");
    }

    /**
     * The identity in the file named exactly {@code name} (no {@code .json}), as a Kubernetes Secret mounts its keys.
     */
    public Optional<NodeIdentity> readFile(String name) {
        checkName(name);
        return readPath(dir.resolve(name), "recreate it with node-agent enroll");
    }

    private static Optional<NodeIdentity> readPath(Path file, String remedy) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), NodeIdentity.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the node identity in " + file + " cannot be read (" + e.getMessage()
                    + "); " + remedy, e);
        }
    }

    public void write(String name, NodeIdentity identity) {
        Path file = file(name);
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            try (var out = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                out.write(java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(identity)));
                out.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the node identity in " + file, e);
        }
    }

    private Path file(String name) {
        checkName(name);
        return dir.resolve(name + ".json");
    }

    private static void checkName(String name) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a usable identity name: '" + name + "'");
        }
    }
}
