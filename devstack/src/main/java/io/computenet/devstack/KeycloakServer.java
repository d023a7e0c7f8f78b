package io.computenet.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * <p>This class starts, probes and stops the server; the cache's distribution is {@link KeycloakDistribution}
 * (locked by {@link DistributionLock}), the child processes {@link KeycloakProcesses}, the start's log
 * {@link KeycloakLog}.
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

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
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
            home = o.cacheDir().resolve(KeycloakDistribution.topLevelDirectory(o.distArchive()));
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
            reused = KeycloakDistribution.ensureBuilt(o.distArchive(), home, o.logFile());
            prepareData(home, o.realmFile(), realmName);
            // Keycloak binds both ports itself and would only log the clash; worse, a server
            // already listening on the management port would answer our readiness probe
            requirePortFree(o.httpPort());
            requirePortFree(o.managementPort());
            process = launch(o, home);
        } catch (IOException e) {
            lock.release();
            throw new StartException("Keycloak could not be started: " + e + KeycloakLog.tail(o.logFile()), e);
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
        // the timeout covers the server's own startup only; the one-off build has its own limit
        Instant readyDeadline = Instant.now().plus(o.startTimeout());
        // a JVM that ends without close() (failed test run, Ctrl-C) must not leave Keycloak behind
        Thread hook = new Thread(() -> KeycloakProcesses.destroyTree(process), "keycloak-shutdown-" + process.pid());
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
            home = cacheDir.toAbsolutePath().normalize().resolve(KeycloakDistribution.topLevelDirectory(archive));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DistributionLock lock = DistributionLock.acquire(home, Instant.now().plus(KeycloakDistribution.BUILD_TIMEOUT));
        try {
            KeycloakDistribution.ensureBuilt(archive, home, log);
            return home;
        } catch (IOException e) {
            throw new StartException("Keycloak could not be installed: " + e + KeycloakLog.tail(log), e);
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
            KeycloakProcesses.destroyTree(process);
        } finally {
            lock.release();
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
        KeycloakLog.append(o.logFile(), "# " + String.join(" ", command));
        ProcessBuilder pb = KeycloakProcesses.builder(command, home, o.logFile());
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
                        + KeycloakLog.tail(options.logFile()), null);
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
                        + " (" + lastState + ")" + KeycloakLog.tail(options.logFile()), null);
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


}
