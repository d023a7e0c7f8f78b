package io.computenet.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A real Keycloak server, started as a child process from the {@code keycloak-quarkus-dist}
 * archive that Maven Central publishes (no container runtime needed).
 *
 * <p>The first start unpacks the archive into {@link Options#cacheDir()} and runs
 * {@code kc.sh build} once; later starts (in this or another JVM) reuse that directory. Every start
 * wipes the dev-file H2 database and imports {@link Options#realmFile()} afresh, so a server always
 * comes up with exactly the realm in the file. Only one server at a time can run from one unpacked
 * distribution: the distribution directory is locked for the server's lifetime.
 *
 * <pre>{@code
 * try (KeycloakServer kc = KeycloakServer.start(options)) {
 *     String realmUrl = kc.realmUrl("computenet");
 * }
 * }</pre>
 */
public final class KeycloakServer implements AutoCloseable {

    /** Name of the realm in the bundled realm file. */
    public static final String REALM = "computenet";

    /** Class-path location of the bundled realm file (see {@link #writeBundledRealm(Path)}). */
    public static final String BUNDLED_REALM_RESOURCE = "/keycloak/computenet-realm.json";

    /**
     * Build-time options baked into the unpacked distribution by {@code kc.sh build}. A change here
     * invalidates the build marker, so cached distributions are rebuilt automatically.
     */
    static final List<String> BUILD_ARGS =
            List.of("build", "--db=dev-file", "--health-enabled=true");

    private static final String BUILD_MARKER = ".computenet-build-ok";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final int LOG_TAIL_LINES = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options options;
    private final Path home;
    private final String realmName;
    private final boolean reusedCachedDistribution;
    private final Process process;
    private final DistributionLock lock;
    private final Thread shutdownHook;
    private boolean closed;

    private KeycloakServer(Options options, Path home, String realmName, boolean reused,
            Process process, DistributionLock lock, Thread shutdownHook) {
        this.options = options;
        this.home = home;
        this.realmName = realmName;
        this.reusedCachedDistribution = reused;
        this.process = process;
        this.lock = lock;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Settings for {@link KeycloakServer#start(Options)}.
     *
     * @param distArchive   the {@code keycloak-quarkus-dist-*.tar.gz} from Maven Central
     * @param cacheDir      directory the archive is unpacked into once (as
     *                      {@code <cacheDir>/keycloak-<version>}) and reused by later starts
     * @param realmFile     realm export JSON imported on every start
     * @param httpPort      port of the HTTP listener (OIDC endpoints), bound to 127.0.0.1
     * @param managementPort port of the management interface ({@code /health/ready}), 127.0.0.1
     * @param logFile       file receiving the build and server output (truncated on each start)
     * @param adminUser     bootstrap admin of the {@code master} realm
     * @param adminPassword password of the bootstrap admin
     * @param startTimeout  how long to wait for readiness (the one-off unpack and build are not
     *                      counted: they have their own limit)
     * @param environment   extra environment of the server, e.g. the values of the realm file's
     *                      {@code ${NAME}} placeholders, which the realm import resolves (the service
     *                      client secrets, see {@link ServiceClients#keycloakEnvironment()})
     */
    public record Options(Path distArchive, Path cacheDir, Path realmFile, int httpPort,
            int managementPort, Path logFile, String adminUser, String adminPassword,
            Duration startTimeout, Map<String, String> environment) {

        /** Settings without extra environment. */
        public Options(Path distArchive, Path cacheDir, Path realmFile, int httpPort, int managementPort,
                Path logFile, String adminUser, String adminPassword, Duration startTimeout) {
            this(distArchive, cacheDir, realmFile, httpPort, managementPort, logFile, adminUser, adminPassword,
                    startTimeout, Map.of());
        }

        /**
         * Validates the settings and makes the paths absolute (the server runs in another cwd).
         *
         * @throws IllegalArgumentException on a missing value, a port outside 1-65535, equal
         *                                  ports or a non-positive timeout
         */
        public Options {
            distArchive = absolute(distArchive, "distArchive");
            cacheDir = absolute(cacheDir, "cacheDir");
            realmFile = absolute(realmFile, "realmFile");
            logFile = absolute(logFile, "logFile");
            checkPort(httpPort, "httpPort");
            checkPort(managementPort, "managementPort");
            if (httpPort == managementPort) {
                throw new IllegalArgumentException("httpPort and managementPort must differ: " + httpPort);
            }
            requireText(adminUser, "adminUser");
            requireText(adminPassword, "adminPassword");
            Objects.requireNonNull(startTimeout, "startTimeout");
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
            }
            environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        }

        /** Without the environment's values, which may be secrets. */
        @Override
        public String toString() {
            return "Options[realmFile=" + realmFile + ", httpPort=" + httpPort + ", managementPort="
                    + managementPort + ", environment=" + environment.keySet() + "]";
        }

        private static Path absolute(Path p, String name) {
            return Objects.requireNonNull(p, name).toAbsolutePath().normalize();
        }

        private static void checkPort(int port, String name) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(name + " out of range: " + port);
            }
        }

        private static void requireText(String s, String name) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
        }
    }

    /** Thrown when Keycloak cannot be prepared or does not become ready; carries the log tail. */
    public static final class StartException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Unpacks and builds the distribution if the cache does not hold a finished build yet, and
     * starts Keycloak with the realm from {@link Options#realmFile()}; returns once
     * {@code /health/ready} reports UP and the realm answers.
     *
     * @param o the settings
     * @return the running server; close it to stop Keycloak
     * @throws StartException if the build fails, the server exits early or is not ready in time;
     *                        the message ends with the last 40 lines of the log file
     * @throws UncheckedIOException on I/O errors while preparing the distribution
     */
    public static KeycloakServer start(Options o) {
        requireRegularFile(o.distArchive(), "Keycloak distribution archive");
        requireRegularFile(o.realmFile(), "realm file");
        String realmName = readRealmName(o.realmFile());
        Path home;
        try {
            Files.createDirectories(o.cacheDir());
            Files.createDirectories(o.logFile().getParent());
            home = o.cacheDir().resolve(topLevelDirectory(o.distArchive()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        DistributionLock lock = DistributionLock.acquire(home, Instant.now().plus(o.startTimeout()));
        boolean reused;
        Process process;
        try {
            // one log per start (build output, if any, then the server's); truncated only under
            // the lock because a caller may reuse the log file of a server that is still running
            Files.writeString(o.logFile(), "# KeycloakServer start " + Instant.now() + System.lineSeparator(),
                    StandardCharsets.UTF_8);
            reused = ensureBuilt(o.distArchive(), home, o.logFile());
            prepareData(home, o.realmFile(), realmName);
            // Keycloak binds both ports itself and would only log the clash; worse, a server
            // already listening on the management port would answer our readiness probe
            requirePortFree(o.httpPort());
            requirePortFree(o.managementPort());
            process = launch(o, home);
        } catch (IOException e) {
            lock.release();
            throw new StartException("Keycloak could not be started: " + e + logTail(o.logFile()), e);
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
        // the timeout covers the server's own startup only; the one-off build has its own limit
        Instant readyDeadline = Instant.now().plus(o.startTimeout());
        // a JVM that ends without close() (failed test run, Ctrl-C) must not leave Keycloak behind
        Thread hook = new Thread(() -> destroyTree(process), "keycloak-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        KeycloakServer server = new KeycloakServer(o, home, realmName, reused, process, lock, hook);
        try {
            server.awaitReady(readyDeadline);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Makes sure {@code <cacheDir>/keycloak-<version>} holds the unpacked and built distribution;
     * a no-op when a previous run finished this. Useful to pay the one-off cost (20-60 s, mostly
     * {@code kc.sh build}) outside a readiness timeout. Waits up to 5 minutes for a server that
     * holds the distribution.
     *
     * @param distArchive the {@code keycloak-quarkus-dist-*.tar.gz}
     * @param cacheDir    directory holding the unpacked distribution
     * @param logFile     file the build output is appended to
     * @return the distribution directory (Keycloak's home)
     * @throws StartException if {@code kc.sh build} fails; the message ends with the log tail
     */
    public static Path install(Path distArchive, Path cacheDir, Path logFile) {
        Path archive = distArchive.toAbsolutePath().normalize();
        requireRegularFile(archive, "Keycloak distribution archive");
        Path log = logFile.toAbsolutePath().normalize();
        Path home;
        try {
            Files.createDirectories(cacheDir);
            Files.createDirectories(log.getParent());
            home = cacheDir.toAbsolutePath().normalize().resolve(topLevelDirectory(archive));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DistributionLock lock = DistributionLock.acquire(home, Instant.now().plus(BUILD_TIMEOUT));
        try {
            ensureBuilt(archive, home, log);
            return home;
        } catch (IOException e) {
            throw new StartException("Keycloak could not be installed: " + e + logTail(log), e);
        } finally {
            lock.release();
        }
    }

    /**
     * Copies the bundled {@code computenet} realm file to {@code target} (for
     * {@link Options#realmFile()}, which must be a file on disk).
     *
     * @param target file to write; parent directories are created
     * @return {@code target}
     */
    public static Path writeBundledRealm(Path target) {
        try (InputStream in = KeycloakServer.class.getResourceAsStream(BUNDLED_REALM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + BUNDLED_REALM_RESOURCE);
            }
            if (target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Base URL of the HTTP listener, e.g. {@code http://127.0.0.1:8180}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + options.httpPort();
    }

    /**
     * Base URL of a realm over 127.0.0.1, e.g. {@code http://127.0.0.1:8180/realms/computenet}, for
     * services and token requests. Tokens carry the issuer {@code http://localhost:PORT/realms/NAME}
     * whichever loopback name was used (the hostname is fixed at start).
     *
     * @param realm realm name
     * @return the realm's base URL
     */
    public String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /** Base URL of the management interface (health and metrics). */
    public String managementUrl() {
        return "http://127.0.0.1:" + options.managementPort();
    }

    /** Name of the realm imported from {@link Options#realmFile()}. */
    public String realmName() {
        return realmName;
    }

    /** Process id of the {@code kc.sh} launcher; the Keycloak JVM is its child. */
    public long pid() {
        return process.pid();
    }

    /** Keycloak's home: the unpacked distribution inside the cache directory. */
    public Path home() {
        return home;
    }

    /** The settings this server was started with. */
    public Options options() {
        return options;
    }

    /** True if this start found a finished build in the cache and skipped unpack and build. */
    public boolean reusedCachedDistribution() {
        return reusedCachedDistribution;
    }

    /** True while the launcher or any process it started is still running. */
    public boolean isAlive() {
        return process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive);
    }

    /**
     * Stops Keycloak: SIGTERM to the process tree (children first, so the JVM shuts down
     * gracefully), up to 20 s grace, then SIGKILL. Releases the distribution lock. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // the hook is running or about to: it stops the tree itself
        }
        try {
            destroyTree(process);
        } finally {
            lock.release();
        }
    }

    // ---------------------------------------------------------------- installation

    /** @return true if a finished build was found and nothing had to be done */
    private static boolean ensureBuilt(Path archive, Path home, Path logFile) throws IOException {
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
            appendLog(logFile, "# unpacked " + archive.getFileName() + " into " + home + " in " + seconds(t0));
        }
        // the marker goes before a rebuild, so a failed build is retried next time
        Files.deleteIfExists(marker);
        long t0 = System.nanoTime();
        runBuild(home, logFile);
        Files.writeString(marker, expected, StandardCharsets.UTF_8);
        appendLog(logFile, "# kc.sh build finished in " + seconds(t0));
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
        appendLog(logFile, "# " + String.join(" ", command));
        Process build = processBuilder(command, home, logFile).start();
        try {
            if (!build.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree(build);
                throw new StartException("kc.sh build did not finish within " + BUILD_TIMEOUT
                        + logTail(logFile), null);
            }
        } catch (InterruptedException e) {
            destroyTree(build);
            Thread.currentThread().interrupt();
            throw new StartException("interrupted during kc.sh build", e);
        }
        if (build.exitValue() != 0) {
            throw new StartException("kc.sh build failed with exit code " + build.exitValue()
                    + logTail(logFile), null);
        }
    }

    /** Name of the archive's single top-level directory, e.g. {@code keycloak-26.7.3}. */
    private static String topLevelDirectory(Path archive) throws IOException {
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

    // ---------------------------------------------------------------- start

    private static void prepareData(Path home, Path realmFile, String realmName) throws IOException {
        // data/ holds only per-run state (H2 dev-file db, import dir, tmp, transaction logs):
        // wiping it makes --import-realm create the realm from scratch on every start instead of
        // silently keeping a stale realm (the default strategy is IGNORE_EXISTING)
        Path data = home.resolve("data");
        Directories.deleteTree(data);
        Path importDir = Files.createDirectories(data.resolve("import"));
        // Keycloak's directory import only picks up files named *-realm.json
        Files.copy(realmFile, importDir.resolve(realmName + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Process launch(Options o, Path home) throws IOException {
        List<String> command = startCommand(o, home);
        appendLog(o.logFile(), "# " + String.join(" ", command));
        ProcessBuilder pb = processBuilder(command, home, o.logFile());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", o.adminUser());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", o.adminPassword());
        pb.environment().putAll(o.environment());
        return pb.start();
    }

    /** The {@code kc.sh start} command line; logged as the second line of every start. */
    static List<String> startCommand(Options o, Path home) {
        return List.of(
                home.resolve("bin/kc.sh").toString(),
                "start",
                "--optimized",
                // single node: skips JGroups (mTLS, JDBC_PING, ports 7800/57800), ~10 s faster
                "--cache=local",
                "--http-enabled=true",
                // one issuer whichever loopback name a client uses (the README's curl says localhost, the
                // services say 127.0.0.1): tokens are checked against the issuer, so it must not vary
                "--hostname=http://localhost:" + o.httpPort(),
                "--hostname-backchannel-dynamic=true",
                "--http-host=127.0.0.1",
                "--http-port=" + o.httpPort(),
                "--http-management-port=" + o.managementPort(),
                "--import-realm",
                // the readiness probe makes smallrye-health log every DOWN poll at INFO, which
                // would push the useful lines out of the log tail reported on failure
                "--log-level=info,io.smallrye.health:warn");
    }

    private static ProcessBuilder processBuilder(List<String> command, Path home, Path logFile) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.redirectErrorStream(true);
        // nothing is ever typed into Keycloak; an open pipe nobody writes to would only leak
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = pb.environment();
        // KC_* and QUARKUS_* variables are Keycloak configuration: a stray KC_DB or KC_HOSTNAME
        // from the caller's shell would silently change the server; JAVA_OPTS would replace
        // kc.sh's heap and GC defaults
        env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("QUARKUS_")
                || k.equals("JAVA_OPTS") || k.equals("JAVA_OPTS_APPEND") || k.equals("JAVA_OPTS_KC_HEAP"));
        // run Keycloak on the JDK that runs us, not whatever java is first on PATH
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // C1 only: a dev server is short-lived and start-up bound; measured 26-31 s instead of
        // 34-60 s to ready on a loaded 2-core machine (kc.sh appends this to its own JAVA_OPTS)
        env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        return pb;
    }

    private void awaitReady(Instant deadline) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create(managementUrl() + "/health/ready");
        // the realm check guards against a port we do not own answering the probe, and proves
        // the import really happened
        URI realm = URI.create(realmUrl(realmName) + "/.well-known/openid-configuration");
        String lastState = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                throw new StartException("Keycloak exited during startup with code " + process.exitValue()
                        + logTail(options.logFile()), null);
            }
            try {
                HttpResponse<String> h = http.send(get(health), HttpResponse.BodyHandlers.ofString());
                lastState = "/health/ready answered " + h.statusCode();
                if (h.statusCode() == 200 && h.body().contains("\"UP\"")) {
                    HttpResponse<String> r = http.send(get(realm), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                    lastState = "ready, but realm " + realmName + " answered " + r.statusCode();
                }
            } catch (ConnectException notListeningYet) {
                lastState = "management port not listening yet";
            } catch (IOException e) {
                lastState = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartException("interrupted while waiting for Keycloak", e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StartException("Keycloak was not ready within " + options.startTimeout()
                        + " (" + lastState + ")" + logTail(options.logFile()), null);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartException("interrupted while waiting for Keycloak", e);
            }
        }
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
    }

    // ---------------------------------------------------------------- stop

    private static void destroyTree(Process process) {
        // collected up front: once kc.sh is gone its children are re-parented and unreachable
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().collect(Collectors.toList()));
        // the JVM first: kc.sh only forwards SIGTERM and waits, and SIGTERM to Java runs
        // Keycloak's graceful shutdown
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        tree.add(process.toHandle());
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                break;
            } catch (ExecutionException e) {
                // onExit never completes exceptionally for a process handle; ignore defensively
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ProcessHandle h : tree) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : tree) {
            try {
                // SIGKILL is not ignorable; the short wait only lets the kernel reap it
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // nothing more can be done from Java
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String readRealmName(Path realmFile) {
        try {
            JsonNode root = JSON.readTree(realmFile.toFile());
            String name = root == null ? "" : root.path("realm").asText("");
            if (name.isBlank()) {
                throw new IllegalArgumentException("realm file has no \"realm\" name: " + realmFile);
            }
            return name;
        } catch (IOException e) {
            throw new IllegalArgumentException("realm file is not valid JSON: " + realmFile + ": " + e.getMessage(), e);
        }
    }

    private static void requireRegularFile(Path p, String what) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(what + " not found: " + p);
        }
    }

    private static void requirePortFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new StartException("port " + port + " on 127.0.0.1 is already in use", e);
        }
    }

    private static void appendLog(Path logFile, String line) throws IOException {
        Files.writeString(logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The last 40 lines of the log, formatted for an exception message. */
    static String logTail(Path logFile) {
        try {
            // decoded leniently: a log cut mid-character must not hide the real error
            String text = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8);
            List<String> lines = text.lines().collect(Collectors.toList());
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return System.lineSeparator() + "--- last " + tail.size() + " lines of " + logFile + " ---"
                    + System.lineSeparator() + String.join(System.lineSeparator(), tail);
        } catch (IOException e) {
            return System.lineSeparator() + "(log " + logFile + " unreadable: " + e + ")";
        }
    }

    /**
     * An exclusive lock on one unpacked distribution, held from install through shutdown: two
     * servers sharing a Keycloak home would share (and wipe) one H2 database.
     */
    private static final class DistributionLock {
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
                            throw new StartException("Keycloak in " + home + " is already running in this JVM;"
                                    + " close it first or use another cacheDir", sameJvm);
                        }
                        if (lock != null) {
                            return new DistributionLock(channel, lock);
                        }
                        if (Instant.now().isAfter(deadline)) {
                            throw new StartException("Keycloak in " + home + " is in use by another process"
                                    + " (lock " + lockFile + "); use another cacheDir", null);
                        }
                        Thread.sleep(250);
                    }
                } catch (InterruptedException e) {
                    channel.close();
                    Thread.currentThread().interrupt();
                    throw new StartException("interrupted while waiting for " + lockFile, e);
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
}
