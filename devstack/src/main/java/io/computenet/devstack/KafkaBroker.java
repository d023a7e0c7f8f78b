package io.computenet.devstack;

import io.computenet.contracts.access.KafkaAccess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real single-node Kafka broker in KRaft combined mode, run as a separate JVM from the broker jars that the
 * {@code kafka-broker} module copies out of Maven Central. Clients authenticate with SASL SCRAM-SHA-512 (a fresh
 * random password per principal and start, {@link #clientConfig(String)}) and may do only what
 * {@link KafkaAccess#GRANTS} grants them (the broker's ACLs, {@link KafkaAcls}); anonymous clients cannot connect. The
 * topics of {@link KafkaAccess#TOPICS} are created at start; the broker creates none on its own. The controller
 * listener (plaintext, whose clients the broker treats as a super user) listens on loopback only. The broker can be
 * stopped and started again on the same ports, log directory and credentials, which is how tests cut the node agents
 * off from Kafka. Started with a {@link Cuttable} path, it has a second client listener advertised at the address of a
 * {@link LoopbackProxy}: clients configured with {@link #cuttableServiceConfig} reach the broker only through that
 * proxy (the metadata they get back names the proxy, not the broker), so {@link #cutPath()} partitions them from Kafka
 * while every other client goes on.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The super user: devstack creates topics and ACLs as it, and tests may produce anything as it. */
    public static final String ADMIN = "admin";
    /** System property: seconds to wait for Kafka's storage format ({@link #formatTimeout}). */
    public static final String FORMAT_TIMEOUT_PROPERTY = "computenet.kafka.format-timeout-seconds";
    private static final Duration DEFAULT_FORMAT_TIMEOUT = Duration.ofSeconds(300);
    static final String MECHANISM = "SCRAM-SHA-512";
    static final String PROTOCOL = "SASL_PLAINTEXT";

    private final Path libs;
    private final Path workDir;
    private final int port;
    private final int controllerPort;
    /** Principal name to password, fresh per start of a formatted broker. */
    private final Map<String, String> passwords;
    private final Cuttable cuttable;
    private ChildProcess process;
    private LoopbackProxy proxy;

    /**
     * A second client listener on {@code listenerPort}, advertised at {@code proxyPort}, where a {@link LoopbackProxy}
     * forwards to it.
     */
    public record Cuttable(int listenerPort, int proxyPort) {
    }

    private KafkaBroker(Path libs, Path workDir, int port, int controllerPort, Cuttable cuttable) {
        this.libs = libs;
        this.workDir = workDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.cuttable = cuttable;
        Map<String, String> p = new LinkedHashMap<>();
        p.put(ADMIN, newPassword());
        KafkaAccess.principals().forEach(name -> p.put(name, newPassword()));
        this.passwords = Map.copyOf(p);
    }

    /**
     * Formats a fresh log directory under {@code workDir} with a SCRAM credential per principal, starts the broker,
     * and creates the topics and the ACLs of {@link KafkaAccess}.
     */
    public static KafkaBroker start(Path libs, Path workDir, int port, int controllerPort) {
        return start(libs, workDir, port, controllerPort, null);
    }

    /** As {@link #start(Path, Path, int, int)}, with a path for clients that can be cut ({@code null}: none). */
    public static KafkaBroker start(Path libs, Path workDir, int port, int controllerPort, Cuttable cuttable) {
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("Kafka broker jars not found at " + libs
                    + ": build the kafka-broker module first (./mvnw -pl kafka-broker package)");
        }
        KafkaBroker broker = new KafkaBroker(libs, workDir, port, controllerPort, cuttable);
        broker.format();
        broker.startProcess();
        try {
            if (cuttable != null) {
                broker.proxy = LoopbackProxy.start(cuttable.proxyPort(), cuttable.listenerPort());
            }
            KafkaAcls.apply(broker.superUser());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private static String newPassword() {
        byte[] raw = new byte[24];
        new java.security.SecureRandom().nextBytes(raw);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * How long {@link #start} waits for Kafka's storage format, a JVM of its own that can take minutes on a loaded
     * machine (CI's two cores shared with the build): {@value #FORMAT_TIMEOUT_PROPERTY} in seconds, 300 by default.
     *
     * @throws IllegalArgumentException if the configured value is not a positive number of seconds
     */
    static Duration formatTimeout(String configured) {
        if (configured == null || configured.isBlank()) {
            return DEFAULT_FORMAT_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(configured.trim());
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(FORMAT_TIMEOUT_PROPERTY + " must be a positive number of seconds, was '"
                + configured + "'");
    }

    private void format() {
        try {
            Directories.deleteTree(workDir);
            Files.createDirectories(workDir);
            Files.writeString(workDir.resolve("server.properties"), serverProperties());
            List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(),
                    "-Xmx256m", "-cp", libs + "/*", "kafka.tools.StorageTool", "format",
                    "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                    "-c", workDir.resolve("server.properties").toString()));
            passwords.forEach((name, password) -> {
                command.add("--add-scram");
                command.add(MECHANISM + "=[name=" + name + ",password=" + password + "]");
            });
            ChildProcess formatter = ChildProcess.start("kafka-format", command, workDir, Map.of(),
                    workDir.resolve("format.log"));
            Duration timeout = formatTimeout(System.getProperty(FORMAT_TIMEOUT_PROPERTY));
            try {
                Waits.until("kafka storage format (kafka.tools.StorageTool in " + workDir + "; on a loaded machine"
                        + " allow it longer with -D" + FORMAT_TIMEOUT_PROPERTY + "=SECONDS)", timeout,
                        () -> !formatter.isAlive(), () -> "\n" + formatter.tail(20));
            } catch (IllegalStateException e) {
                try {
                    formatter.kill();
                } catch (RuntimeException notKilled) {
                    e.addSuppressed(notKilled);
                }
                throw e;
            }
            if (!Files.exists(workDir.resolve("data/meta.properties"))) {
                throw new IllegalStateException("kafka storage format failed:\n" + formatter.tail(30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka directory " + workDir, e);
        }
    }

    private String serverProperties() {
        // the cuttable listener: clients that connect to it learn the proxy's address as the broker's
        String cuttableListener = cuttable == null ? "" : ",CUTTABLE://127.0.0.1:" + cuttable.listenerPort();
        String cuttableAdvertised = cuttable == null ? "" : ",CUTTABLE://127.0.0.1:" + cuttable.proxyPort();
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + PROTOCOL + "://127.0.0.1:" + port + cuttableListener
                        + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + PROTOCOL + "://127.0.0.1:" + port + cuttableAdvertised,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=" + PROTOCOL + ":" + PROTOCOL + ",CONTROLLER:PLAINTEXT"
                        + (cuttable == null ? "" : ",CUTTABLE:" + PROTOCOL),
                cuttable == null ? "" : "listener.name.cuttable.scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "inter.broker.listener.name=" + PROTOCOL,
                "sasl.enabled.mechanisms=" + MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + MECHANISM,
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=" + jaasConfig(ADMIN),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                // ANONYMOUS is the principal of the controller listener (plaintext, loopback only) in combined mode
                "super.users=User:" + ADMIN + ";User:ANONYMOUS",
                "allow.everyone.if.no.acl.found=false",
                "log.dirs=" + workDir.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=false",
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
        // minutes, not seconds, on a 2-core machine shared with other builds (a load average of 60 was seen)
        Waits.until("Kafka broker on port " + port, Duration.ofMinutes(4),
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

    /** The SASL login of {@code principal}, as a client's {@code sasl.jaas.config}. */
    String jaasConfig(String principal) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                + "\" password=\"" + password(principal) + "\";";
    }

    /** The password of {@code principal} (one of {@link KafkaAccess#principals()} or {@link #ADMIN}). */
    public String password(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka principal " + principal + "; known: " + passwords.keySet());
        }
        return password;
    }

    /** The Kafka client settings (bootstrap servers and SASL login) of {@code principal}. */
    public Map<String, Object> clientConfig(String principal) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", bootstrapServers());
        c.put("security.protocol", PROTOCOL);
        c.put("sasl.mechanism", MECHANISM);
        c.put("sasl.jaas.config", jaasConfig(principal));
        return c;
    }

    /**
     * Writes {@code principal}'s client settings as a properties file only its owner may read, for Kafka's command
     * line tools ({@code --command-config}).
     */
    public void writeClientProperties(String principal, Path file) {
        StringBuilder text = new StringBuilder("# Kafka client settings of the principal " + principal
                + " for this run of the broker\n");
        clientConfig(principal).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The client settings of the super user, which may do anything (set-up and tests). */
    public Map<String, Object> superUser() {
        return clientConfig(ADMIN);
    }

    /**
     * A ComputeNet service's configuration for this broker as {@code principal}: the bootstrap servers and the
     * login its {@code application.properties} builds {@code kafka.sasl.jaas.config} from.
     */
    public Map<String, String> serviceConfig(String principal) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.bootstrap.servers", bootstrapServers());
        c.put("computenet.kafka.username", principal);
        c.put("computenet.kafka.password", password(principal));
        return c;
    }

    /**
     * As {@link #serviceConfig(String)}, but reaching the broker through the cuttable path, so {@link #cutPath()}
     * partitions the service from Kafka.
     */
    public Map<String, String> cuttableServiceConfig(String principal) {
        Map<String, String> c = serviceConfig(principal);
        c.put("kafka.bootstrap.servers", cuttableBootstrapServers());
        return c;
    }

    /** As {@link #clientConfig(String)}, through the cuttable path. */
    public Map<String, Object> cuttableClientConfig(String principal) {
        Map<String, Object> c = clientConfig(principal);
        c.put("bootstrap.servers", cuttableBootstrapServers());
        return c;
    }

    private String cuttableBootstrapServers() {
        if (cuttable == null) {
            throw new IllegalStateException("this broker was started without a cuttable path");
        }
        return "127.0.0.1:" + cuttable.proxyPort();
    }

    /** Partitions the clients of the cuttable path from the broker: their connections drop, reconnects are refused. */
    public void cutPath() {
        cuttableBootstrapServers();
        proxy.cut();
        DevStack.log("cut the Kafka path at 127.0.0.1:" + cuttable.proxyPort());
    }

    /** Lets the clients of the cuttable path reach the broker again. */
    public void restorePath() {
        cuttableBootstrapServers();
        proxy.restore();
        DevStack.log("restored the Kafka path at 127.0.0.1:" + cuttable.proxyPort());
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
        }
        stopProcess();
    }
}
