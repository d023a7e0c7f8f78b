package io.computenet.benchmarks;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@link SchedulerRestartHarness}.
 *
 * @param nodes         simulated nodes written into the scheduler's database
 * @param restarts      how many times the scheduler is started on the filled database and measured
 * @param leased        share of the devices held by live leases (three quarters of it whole, a quarter as slices)
 * @param seed          the fleet's and the leases' seed
 * @param home          the repository root: where {@code scheduler/target/quarkus-app} and the broker jars are
 * @param brokerLibs    the Kafka broker jars ({@code kafka-broker/target/libs}, relative to {@code home})
 * @param schedulerHeap the scheduler JVM's {@code -Xmx}, as the devstack starts it (384m)
 * @param workDir       PostgreSQL and Kafka data, logs; a fresh temporary directory if empty
 * @param keepWorkDir   keep the work directory (with the scheduler's logs) after the run
 */
record SchedulerRestartOptions(int nodes, int restarts, double leased, long seed, Path home, Path brokerLibs,
                               String schedulerHeap, Optional<Path> workDir, boolean keepWorkDir) {

    static final String USAGE = """
            usage: java -cp benchmarks/target/benchmarks.jar io.computenet.benchmarks.SchedulerRestartHarness [options]
                   (or ./computenet restart-bench [options], which builds what is needed first)
              --nodes N            simulated nodes written into the scheduler's database (default 10000)
              --restarts N         scheduler starts measured on the filled database (default 3)
              --leased F           share of the devices held by live leases, 0..1 (default 0.4)
              --seed N             fleet and lease seed (default 42)
              --home DIR           repository root with the built scheduler and broker jars (default .)
              --broker-libs DIR    Kafka broker jars, relative to --home (default kafka-broker/target/libs)
              --scheduler-heap S   the scheduler's -Xmx (default 384m, as ./computenet up)
              --work-dir DIR       data and logs (default: a new temporary directory, deleted after)
              --keep-work-dir      keep the work directory (the scheduler's logs are in it)
            """;

    SchedulerRestartOptions {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1");
        }
        if (restarts < 1 || restarts > 100) {
            throw new IllegalArgumentException("--restarts must be between 1 and 100");
        }
        if (!(leased >= 0 && leased <= 1)) {
            throw new IllegalArgumentException("--leased must be between 0 and 1");
        }
        if (!schedulerHeap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--scheduler-heap must be a JVM size such as 384m, not "
                    + schedulerHeap);
        }
    }

    static SchedulerRestartOptions parse(String... args) {
        CommandLine line = CommandLine.parse(args, Set.of("--nodes", "--restarts", "--leased", "--seed", "--home",
                "--broker-libs", "--scheduler-heap", "--work-dir"), Set.of("--keep-work-dir"));
        return new SchedulerRestartOptions(line.integer("--nodes", 10_000), line.integer("--restarts", 3),
                line.decimal("--leased", 0.4), line.whole("--seed", 42), line.path("--home", Path.of(".")),
                line.path("--broker-libs", Path.of("kafka-broker", "target", "libs")),
                line.text("--scheduler-heap", "384m"), line.path("--work-dir"), line.flag("--keep-work-dir"));
    }
}
