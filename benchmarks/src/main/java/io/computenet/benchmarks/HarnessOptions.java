package io.computenet.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The command line of {@link AgentPublishHarness}.
 *
 * @param nodes          simulated nodes the one agent publishes for
 * @param heartbeat      heartbeat interval of every node
 * @param duration       how long to run after the agent started
 * @param leasedFraction share of each node's devices under a running lease (each sends one usage sample per
 *                       heartbeat), 0 to 1
 * @param reportEvery    how often a progress line is printed
 * @param brokerLibs     the Kafka broker jars ({@code kafka-broker/target/libs})
 * @param bootstrap      an already running broker to use instead of starting one
 * @param workDir        where the broker's log and the agent's spool go; a fresh temporary directory if empty
 * @param kafkaPassword  the SCRAM-SHA-512 password of the agents' principal ({@code node-agent}) on that broker;
 *                       from the environment variable {@code COMPUTENET_KAFKA_PASSWORD}, so it is not on the command
 *                       line (a broker the harness starts has its own)
 */
record HarnessOptions(int nodes, Duration heartbeat, Duration duration, double leasedFraction, Duration reportEvery,
                      Path brokerLibs, Optional<String> bootstrap, Optional<Path> workDir,
                      Optional<String> kafkaPassword) {

    static final String USAGE = """
            usage: java -cp benchmarks/target/benchmarks.jar io.computenet.benchmarks.AgentPublishHarness [options]
              --nodes N            simulated nodes (default 1000)
              --heartbeat D        heartbeat interval, e.g. 10s, 500ms (default 10s)
              --duration D         how long to run (default 120s)
              --leased F           share of devices under a running lease, 0..1 (default 0.5)
              --report-every D     progress line interval (default 5s)
              --broker-libs DIR    Kafka broker jars (default kafka-broker/target/libs)
              --bootstrap H:P      use this running broker instead of starting one (logged in as node-agent
                                   with the password in COMPUTENET_KAFKA_PASSWORD)
              --work-dir DIR       broker data and agent spool (default: a new temporary directory, deleted after)
            """;

    HarnessOptions {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1");
        }
        if (heartbeat.isZero() || heartbeat.isNegative() || duration.isZero() || duration.isNegative()
                || reportEvery.isZero() || reportEvery.isNegative()) {
            throw new IllegalArgumentException("durations must be positive");
        }
        if (leasedFraction < 0 || leasedFraction > 1) {
            throw new IllegalArgumentException("--leased must be between 0 and 1");
        }
        if (bootstrap.isPresent() && kafkaPassword.isEmpty()) {
            throw new IllegalArgumentException("--bootstrap needs the node-agent principal's password in"
                    + " COMPUTENET_KAFKA_PASSWORD");
        }
    }

    static HarnessOptions parse(String... args) {
        return parse(Optional.ofNullable(System.getenv("COMPUTENET_KAFKA_PASSWORD")), args);
    }

    static HarnessOptions parse(Optional<String> kafkaPassword, String... args) {
        int nodes = 1000;
        Duration heartbeat = Duration.ofSeconds(10);
        Duration duration = Duration.ofSeconds(120);
        double leased = 0.5;
        Duration reportEvery = Duration.ofSeconds(5);
        Path brokerLibs = Path.of("kafka-broker", "target", "libs");
        Optional<String> bootstrap = Optional.empty();
        Optional<Path> workDir = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--nodes" -> nodes = Integer.parseInt(value);
                case "--heartbeat" -> heartbeat = duration(value);
                case "--duration" -> duration = duration(value);
                case "--leased" -> leased = Double.parseDouble(value);
                case "--report-every" -> reportEvery = duration(value);
                case "--broker-libs" -> brokerLibs = Path.of(value);
                case "--bootstrap" -> bootstrap = Optional.of(value);
                case "--work-dir" -> workDir = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new HarnessOptions(nodes, heartbeat, duration, leased, reportEvery, brokerLibs, bootstrap, workDir,
                kafkaPassword);
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, or an ISO-8601 duration such as {@code PT10S}. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t);
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: " + text, e);
        }
        throw new IllegalArgumentException("not a duration: " + text + " (use 10s, 500ms, 2m or PT10S)");
    }
}
