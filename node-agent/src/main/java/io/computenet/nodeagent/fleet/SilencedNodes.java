package io.computenet.nodeagent.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated nodes that are to fall silent, as if their machine died: one node id per line of a file the operator
 * of the simulation (devstack, {@code ./computenet fleet silence}) writes; blank lines and {@code #} comments are
 * skipped. Read every heartbeat round, so a node falls silent, or speaks again, at the next round after the file
 * changed. No file means no silenced node.
 */
public final class SilencedNodes {

    private SilencedNodes() {
    }

    public static Set<String> read(Optional<Path> file) {
        if (file.isEmpty()) {
            return Set.of();
        }
        try {
            Set<String> ids = new HashSet<>();
            for (String line : Files.readAllLines(file.get())) {
                String id = line.strip();
                if (!id.isEmpty() && !id.startsWith("#")) {
                    ids.add(id);
                }
            }
            return Set.copyOf(ids);
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the silenced nodes from " + file.get(), e);
        }
    }
}
