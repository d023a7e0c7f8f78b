package io.computenet.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One ComputeNet Quarkus service run from its packaged fast-jar ({@code target/quarkus-app/quarkus-run.jar}) as its
 * own JVM, configured through system properties (passwords and secrets through its environment), and ready once
 * {@code /q/health/ready} answers 200.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The services' JVM flags besides the heap: by default a laptop's fast start (serial GC, C1 only), overridable
     * with the system property {@code computenet.devstack.jvm-flags} (space-separated), e.g. for a throughput
     * benchmark with the full JIT: {@code -Dcomputenet.devstack.jvm-flags=-XX:+UseParallelGC}.
     */
    static final String JVM_FLAGS_PROPERTY = "computenet.devstack.jvm-flags";
    static final String DEFAULT_JVM_FLAGS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    static List<String> jvmFlags() {
        String flags = System.getProperty(JVM_FLAGS_PROPERTY, DEFAULT_JVM_FLAGS).trim();
        return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
    }

    /**
     * {@code -Dcomputenet.devstack.class-archive=true}: start services with a class data sharing archive of their own
     * classes (AppCDS), which a JVM maps instead of loading and verifying those classes again. A service started
     * without a fresh archive (none yet, or older than its {@code quarkus-run.jar}) writes one when it stops
     * ({@code -XX:ArchiveClassesAtExit}, to a file of its own, moved into place after it exited); later starts use it
     * ({@code -XX:SharedArchiveFile}). A JVM that cannot use the archive (another JDK build) warns and starts without.
     */
    static final String CLASS_ARCHIVE_PROPERTY = "computenet.devstack.class-archive";
    static final String CLASS_ARCHIVE = "computenet-classes.jsa";

    /** The archive flags for a service whose jar is {@code jar}: use {@code archive}, or write {@code pending}. */
    static List<String> classArchiveFlags(Path jar, Path archive, Path pending) {
        try {
            if (Files.isRegularFile(archive) && Files.size(archive) > 0
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
                return List.of("-XX:SharedArchiveFile=" + archive);
            }
        } catch (java.io.IOException e) {
            // unreadable: write a fresh one
        }
        return List.of("-XX:ArchiveClassesAtExit=" + pending);
    }

    /**
     * The passwords and secrets among a service's settings, as the environment variables Quarkus reads them from
     * ({@code computenet.kafka.password} as {@code COMPUTENET_KAFKA_PASSWORD}): a process's command line is readable
     * by every local user ({@code ps}), its environment only by its owner.
     */
    static Map<String, String> secretsAsEnvironment(Map<String, String> config) {
        Map<String, String> environment = new TreeMap<>();
        config.forEach((key, value) -> {
            if (isSecret(key)) {
                environment.put(environmentName(key), value);
            }
        });
        return environment;
    }

    /** A property's name as an environment variable (MicroProfile Config's rule: non-alphanumerics to _). */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    private final String name;
    private final int port;
    private final ChildProcess process;
    /** The class archive this run writes at exit, and where it goes then; null when it writes none. */
    private final Path pendingArchive;
    private final Path archive;

    private ServiceProcess(String name, int port, ChildProcess process, Path pendingArchive, Path archive) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.pendingArchive = pendingArchive;
        this.archive = archive;
    }

    /** Launches the service without waiting; call {@link #awaitReady(Duration)} next. */
    public static ServiceProcess launch(Path home, String module, int port, Map<String, String> config, Path logDir,
                                        String maxHeap) {
        return launch(home, module, port, config, logDir, new Memory(null, maxHeap, null));
    }

    /**
     * A service's memory settings.
     *
     * @param initialHeap  {@code -Xms}; null: the JVM's default, 1/64 of the machine's memory, which on a machine of
     *                     16 GB or more is the whole {@code maxHeap}
     * @param maxHeap      {@code -Xmx}
     * @param mallocArenas glibc's {@code MALLOC_ARENA_MAX}; null: its default, up to 8 per core, each thread that
     *                     allocates natively (Kafka's clients, the JDBC and HTTP threads) getting an arena of its own
     * @param heapFlags    further heap-sizing flags (the young generation's size, how much free heap a collection
     *                     leaves), before the JVM flags of {@link #jvmFlags}, which can override them
     */
    public record Memory(String initialHeap, String maxHeap, Integer mallocArenas, List<String> heapFlags) {

        public Memory {
            heapFlags = List.copyOf(heapFlags);
        }

        /** Without further heap-sizing flags. */
        public Memory(String initialHeap, String maxHeap, Integer mallocArenas) {
            this(initialHeap, maxHeap, mallocArenas, List.of());
        }

        /** These settings with another {@code -Xmx}. */
        public Memory withMaxHeap(String max) {
            return new Memory(initialHeap, max, mallocArenas, heapFlags);
        }
    }

    /** The JVM's heap flags for these settings: {@code -Xmx}, {@code -Xms} when set, then the further ones. */
    static List<String> memoryFlags(Memory memory) {
        List<String> flags = new ArrayList<>(List.of("-Xmx" + memory.maxHeap()));
        if (memory.initialHeap() != null) {
            flags.add("-Xms" + memory.initialHeap());
        }
        flags.addAll(memory.heapFlags());
        return flags;
    }

    /** As {@link #launch(Path, String, int, Map, Path, String)}, with these memory settings. */
    public static ServiceProcess launch(Path home, String module, int port, Map<String, String> config, Path logDir,
                                        Memory memory) {
        Path jar = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(module + " is not built: " + jar + " is missing (run ./mvnw -DskipTests install)");
        }
        List<String> cmd = new ArrayList<>(List.of(ChildProcess.javaExecutable()));
        cmd.addAll(memoryFlags(memory));
        cmd.addAll(jvmFlags());
        Path pending = null;
        Path archive = jar.resolveSibling(CLASS_ARCHIVE);
        if (Boolean.getBoolean(CLASS_ARCHIVE_PROPERTY)) {
            Path candidate = jar.resolveSibling("computenet-classes-" + java.util.UUID.randomUUID() + ".jsa.part");
            List<String> flags = classArchiveFlags(jar, archive, candidate);
            cmd.addAll(flags);
            pending = flags.get(0).startsWith("-XX:ArchiveClassesAtExit=") ? candidate : null;
        }
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        Map<String, String> environment = secretsAsEnvironment(config);
        if (memory.mallocArenas() != null) {
            environment.put("MALLOC_ARENA_MAX", String.valueOf(memory.mallocArenas()));
        }
        new TreeMap<>(config).forEach((k, v) -> {
            if (!environment.containsKey(environmentName(k))) {
                cmd.add("-D" + k + "=" + v);
            }
        });
        cmd.add("-jar");
        cmd.add(jar.toString());
        ChildProcess process = ChildProcess.start(module, cmd, home, environment, logDir.resolve(module + ".log"));
        return new ServiceProcess(module, port, process, pending, archive);
    }

    /** Whether a configuration key holds a secret (a password, a client secret, a key). */
    static boolean isSecret(String key) {
        return key.endsWith("secret") || key.endsWith("password") || key.endsWith("master-key");
    }

    public ServiceProcess awaitReady(Duration timeout) {
        Waits.until(name + " to be ready on port " + port, timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start:\n" + process.tail(60));
            }
            return ready();
        }, () -> "\n" + process.tail(60));
        return this;
    }

    private boolean ready() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return process.logFile();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the service with SIGKILL ({@link ChildProcess#kill()}); it writes no class archive. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30)); // writing a class archive at exit takes a few seconds
        if (pendingArchive != null) {
            try {
                if (Files.isRegularFile(pendingArchive) && Files.size(pendingArchive) > 0) {
                    Files.move(pendingArchive, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (java.io.IOException e) {
                // the next start writes one again
            } finally {
                try {
                    Files.deleteIfExists(pendingArchive);
                } catch (java.io.IOException ignored) {
                    // left for the next package to remove with target/
                }
            }
        }
    }
}
