package io.computenet.benchmarks;

import java.nio.file.Path;
import java.util.Optional;

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
        int nodes = 10_000;
        int restarts = 3;
        double leased = 0.4;
        long seed = 42;
        Path home = Path.of(".");
        Path brokerLibs = Path.of("kafka-broker", "target", "libs");
        String heap = "384m";
        Optional<Path> workDir = Optional.empty();
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--keep-work-dir")) {
                keep = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--nodes" -> nodes = (int) number(name, value);
                case "--restarts" -> restarts = (int) number(name, value);
                case "--leased" -> leased = fraction(name, value);
                case "--seed" -> seed = number(name, value);
                case "--home" -> home = Path.of(value);
                case "--broker-libs" -> brokerLibs = Path.of(value);
                case "--scheduler-heap" -> heap = value;
                case "--work-dir" -> workDir = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new SchedulerRestartOptions(nodes, restarts, leased, seed, home, brokerLibs, heap, workDir, keep);
    }

    private static long number(String name, String value) {
        try {
            long n = Long.parseLong(value.strip().replace("_", "").replace(",", ""));
            if (n > Integer.MAX_VALUE && !name.equals("--seed")) {
                throw new IllegalArgumentException(name + " is too large: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value, e);
        }
    }

    private static double fraction(String name, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number such as 0.4, not " + value, e);
        }
    }
}
