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
 * own JVM, configured through system properties, and ready once {@code /q/health/ready} answers 200.
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

    private final String name;
    private final int port;
    private final ChildProcess process;

    private ServiceProcess(String name, int port, ChildProcess process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Launches the service without waiting; call {@link #awaitReady(Duration)} next. */
    public static ServiceProcess launch(Path home, String module, int port, Map<String, String> config, Path logDir,
                                        String maxHeap) {
        Path jar = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(module + " is not built: " + jar + " is missing (run ./mvnw -DskipTests install)");
        }
        List<String> cmd = new ArrayList<>(List.of(ChildProcess.javaExecutable(), "-Xmx" + maxHeap));
        cmd.addAll(jvmFlags());
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        new TreeMap<>(config).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        ChildProcess process = ChildProcess.start(module, cmd, home, Map.of(), logDir.resolve(module + ".log"));
        return new ServiceProcess(module, port, process);
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

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
