package io.computenet.devstack;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Directory housekeeping shared by the components devstack starts (and the benchmarks' load harness). */
public final class Directories {

    private Directories() {
    }

    /** Deletes a directory tree (not following a symbolic link at the root); a missing one is fine. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException e) {
                throw new IOException("could not delete " + p + " (is another process writing into it?)", e);
            }
        }
    }
}
