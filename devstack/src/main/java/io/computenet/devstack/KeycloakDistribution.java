package io.computenet.devstack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The Keycloak distribution in the cache: the archive unpacked (never half: unpacked beside and moved into place whole)
 * and built once by {@code kc.sh build}, a marker file recording which archive and build options the finished build
 * used, so that a later start reuses it and a changed archive or option rebuilds it. Callers hold the
 * {@link DistributionLock} of the home while they use it.
 */
final class KeycloakDistribution {

    /**
     * Build-time options baked into the unpacked distribution by {@code kc.sh build}. A change here
     * invalidates the build marker, so cached distributions are rebuilt automatically.
     */
    static final List<String> BUILD_ARGS =
            List.of("build", "--db=dev-file", "--health-enabled=true");

    private static final String BUILD_MARKER = ".computenet-build-ok";
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    private KeycloakDistribution() {
    }

    /** @return true if a finished build was found and nothing had to be done */
    static boolean ensureBuilt(Path archive, Path home, Path logFile) throws IOException {
        Path marker = home.resolve(BUILD_MARKER);
        String expected = markerContent(archive);
        if (Files.isRegularFile(marker)) {
            if (Files.readString(marker, StandardCharsets.UTF_8).equals(expected)) {
                return true;
            }
            // built from another archive or with other build options: start over from the archive
            Directories.deleteTree(home);
        }
        // without a marker an existing tree is complete (it was moved into place whole) but its
        // build did not finish: only the build is repeated
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            // never a half-unpacked tree: unpack beside it and move into place only when complete
            Directories.deleteTree(home);
            long t0 = System.nanoTime();
            Path staging = Files.createTempDirectory(home.getParent(), "." + home.getFileName() + ".unpack-");
            try {
                untar(archive, staging);
                Files.move(staging.resolve(home.getFileName()), home, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Directories.deleteTree(staging);
            }
            KeycloakLog.append(logFile, "# unpacked " + archive.getFileName() + " into " + home + " in " + seconds(t0));
        }
        // the marker goes before a rebuild, so a failed build is retried next time
        Files.deleteIfExists(marker);
        long t0 = System.nanoTime();
        runBuild(home, logFile);
        Files.writeString(marker, expected, StandardCharsets.UTF_8);
        KeycloakLog.append(logFile, "# kc.sh build finished in " + seconds(t0));
        return false;
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static String markerContent(Path archive) throws IOException {
        return String.join(" ", BUILD_ARGS) + "\n" + archive.getFileName() + " " + Files.size(archive) + "\n";
    }

    private static void runBuild(Path home, Path logFile) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(BUILD_ARGS);
        KeycloakLog.append(logFile, "# " + String.join(" ", command));
        Process build = KeycloakProcesses.builder(command, home, logFile).start();
        try {
            if (!build.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                KeycloakProcesses.destroyTree(build);
                throw new KeycloakServer.StartException("kc.sh build did not finish within " + BUILD_TIMEOUT
                        + KeycloakLog.tail(logFile), null);
            }
        } catch (InterruptedException e) {
            KeycloakProcesses.destroyTree(build);
            Thread.currentThread().interrupt();
            throw new KeycloakServer.StartException("interrupted during kc.sh build", e);
        }
        if (build.exitValue() != 0) {
            throw new KeycloakServer.StartException("kc.sh build failed with exit code " + build.exitValue()
                    + KeycloakLog.tail(logFile), null);
        }
    }

    /** Name of the archive's single top-level directory, e.g. {@code keycloak-26.7.3}. */
    static String topLevelDirectory(Path archive) throws IOException {
        try (TarArchiveInputStream tar = openTar(archive)) {
            TarArchiveEntry first = tar.getNextEntry();
            if (first == null) {
                throw new IOException("empty archive: " + archive);
            }
            String name = stripLeadingDotSlash(first.getName());
            int slash = name.indexOf('/');
            String top = slash < 0 ? name : name.substring(0, slash);
            if (top.isEmpty() || top.equals("..")) {
                throw new IOException("unexpected archive layout, first entry " + first.getName());
            }
            return top;
        }
    }

    private static TarArchiveInputStream openTar(Path archive) throws IOException {
        // the JDK's inflater is native zlib and much faster than a pure-Java one on 176 MB
        InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        try {
            return new TarArchiveInputStream(new GZIPInputStream(in, 1 << 16));
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** Extracts the archive keeping Unix modes (bin/kc.sh must stay executable) and symlinks. */
    private static void untar(Path archive, Path target) throws IOException {
        Map<Path, Integer> directoryModes = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = openTar(archive)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path dest = target.resolve(stripLeadingDotSlash(entry.getName())).normalize();
                if (dest.equals(target)) {
                    continue;
                }
                if (!dest.startsWith(target)) {
                    // "zip slip": an entry like ../../etc/x must never be written
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(dest);
                    directoryModes.put(dest, entry.getMode());
                    continue;
                }
                Files.createDirectories(dest.getParent());
                if (entry.isSymbolicLink()) {
                    Path link = Path.of(entry.getLinkName());
                    if (link.isAbsolute() || !dest.getParent().resolve(link).normalize().startsWith(target)) {
                        // a link pointing out would let later entries be written through it
                        throw new IOException("symbolic link escapes the target directory: " + entry.getName()
                                + " -> " + entry.getLinkName());
                    }
                    Files.createSymbolicLink(dest, link);
                } else if (entry.isLink()) {
                    Path source = target.resolve(stripLeadingDotSlash(entry.getLinkName())).normalize();
                    if (!source.startsWith(target)) {
                        throw new IOException("hard link escapes the target directory: " + entry.getLinkName());
                    }
                    Files.copy(source, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                } else if (entry.isFile()) {
                    Files.copy(tar, dest, StandardCopyOption.REPLACE_EXISTING);
                    setMode(dest, entry.getMode());
                }
                // devices, FIFOs and the like have no place in a Java distribution: skipped
            }
        }
        // directory modes last: a read-only directory would otherwise block its own children
        for (Map.Entry<Path, Integer> dir : directoryModes.entrySet()) {
            setMode(dir.getKey(), dir.getValue() | 0700);
        }
    }

    private static String stripLeadingDotSlash(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        return n;
    }

    private static void setMode(Path path, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        try {
            Files.setPosixFilePermissions(path, perms);
        } catch (UnsupportedOperationException nonPosixFileSystem) {
            // kc.sh needs a POSIX shell anyway; on other file systems the default modes stand
        }
    }
}
