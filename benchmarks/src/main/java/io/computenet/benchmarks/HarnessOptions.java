package io.computenet.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

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
        CommandLine line = CommandLine.parse(args, Set.of("--nodes", "--heartbeat", "--duration", "--leased",
                "--report-every", "--broker-libs", "--bootstrap", "--work-dir"), Set.of());
        return new HarnessOptions(line.integer("--nodes", 1000),
                line.duration("--heartbeat", Duration.ofSeconds(10)),
                line.duration("--duration", Duration.ofSeconds(120)), line.decimal("--leased", 0.5),
                line.duration("--report-every", Duration.ofSeconds(5)),
                line.path("--broker-libs", Path.of("kafka-broker", "target", "libs")), line.text("--bootstrap"),
                line.path("--work-dir"), kafkaPassword);
    }
}
