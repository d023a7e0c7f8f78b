package io.computenet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real single-node Kafka broker in KRaft combined mode, run as a separate JVM from the broker jars that the
 * {@code kafka-broker} module copies out of Maven Central. It can be stopped and started again on the same ports and
 * log directory, which is how tests cut the node agents off from Kafka.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path libs;
    private final Path workDir;
    private final int port;
    private final int controllerPort;
    private ChildProcess process;

    private KafkaBroker(Path libs, Path workDir, int port, int controllerPort) {
        this.libs = libs;
        this.workDir = workDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats a fresh log directory under {@code workDir} and starts the broker. */
    public static KafkaBroker start(Path libs, Path workDir, int port, int controllerPort) {
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("Kafka broker jars not found at " + libs
                    + ": build the kafka-broker module first (./mvnw -pl kafka-broker package)");
        }
        KafkaBroker broker = new KafkaBroker(libs, workDir, port, controllerPort);
        broker.format();
        broker.startProcess();
        return broker;
    }

    private void format() {
        try {
            Directories.deleteTree(workDir);
            Files.createDirectories(workDir);
            Files.writeString(workDir.resolve("server.properties"), serverProperties());
            ChildProcess formatter = ChildProcess.start("kafka-format", List.of(ChildProcess.javaExecutable(),
                            "-Xmx256m", "-cp", libs + "/*", "kafka.tools.StorageTool", "format",
                            "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                            "-c", workDir.resolve("server.properties").toString()),
                    workDir, Map.of(), workDir.resolve("format.log"));
            Waits.until("kafka storage format", Duration.ofSeconds(60), () -> !formatter.isAlive(),
                    () -> "\n" + formatter.tail(20));
            if (!Files.exists(workDir.resolve("data/meta.properties"))) {
                throw new IllegalStateException("kafka storage format failed:\n" + formatter.tail(30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka directory " + workDir, e);
        }
    }

    private String serverProperties() {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + workDir.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "") ;
    }

    /** Starts the broker process (again) on the same ports and data. */
    public synchronized void startProcess() {
        if (process != null && process.isAlive()) {
            return;
        }
        Path log = workDir.resolve("broker.log");
        // on a restart the log already says "started": only what this start appends counts
        long logStart = log.toFile().length();
        process = ChildProcess.start("kafka", List.of(ChildProcess.javaExecutable(), "-Xms128m", "-Xmx512m",
                        "-XX:+UseSerialGC", "-cp", libs + "/*", "kafka.Kafka",
                        workDir.resolve("server.properties").toString()),
                workDir, Map.of(), log);
        ChildProcess started = process;
        Waits.until("Kafka broker on port " + port, Duration.ofSeconds(90),
                () -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException("Kafka broker exited:\n" + started.tail(40));
                    }
                    return Ports.listening(port) && logSince(log, logStart).contains("Kafka Server started");
                },
                () -> "\n" + started.tail(40));
    }

    private static String logSince(Path log, long offset) {
        try (var file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 4_000_000)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the broker process; the data stays, so {@link #startProcess()} brings the same broker back. */
    public synchronized void stopProcess() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stopProcess();
    }
}
