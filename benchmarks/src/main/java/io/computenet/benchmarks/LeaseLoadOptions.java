package io.computenet.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@link LeaseLoadHarness}.
 *
 * @param nodes           simulated nodes enrolled and published to the scheduler
 * @param leases          lease requests in the measured phase (each created, then released)
 * @param concurrency     closed-loop clients: each sends its next request when the previous lease is released
 * @param warmup          how long to drive load before measuring
 * @param maxDuration     the measured phase stops here even if fewer than {@code leases} were sent
 * @param tenants         tenants the requests are spread over, round robin ({@code tenant-load-0} ...); the
 *                        scheduler's admission check reads every lease of the tenant this month, so one tenant is
 *                        the worst case and many tenants the marketplace case
 * @param reportEvery     how often a progress line is printed
 * @param home            the repository root: where {@code scheduler/target/quarkus-app} and the broker jars are
 * @param brokerLibs      the Kafka broker jars ({@code kafka-broker/target/libs}, relative to {@code home})
 * @param schedulerHeap   the scheduler JVM's {@code -Xmx}, as the devstack starts it (384m)
 * @param workDir         PostgreSQL and Kafka data, the agent's spool, logs; a fresh temporary directory if empty
 * @param keepWorkDir     keep the work directory (with the scheduler's log) after the run
 * @param durable         PostgreSQL with fsync, synchronous_commit and full_page_writes on, as {@code ./computenet up}
 *                        runs it; false: the embedded server's test settings (all off), the fast, not durable figure
 * @param arrivalRate     leases per second for the open loop (creates sent on a fixed schedule whatever the answers,
 *                        latency from each request's scheduled time); 0: the closed loop of {@code concurrency}
 * @param pgbenchClients  clients of pgbench's TPC-B run beside the measured phase on the same PostgreSQL; 0: none
 * @param pgbenchScale    pgbench's scale factor ({@code pgbench -i -s}; 100,000 accounts and one branch each)
 */
record LeaseLoadOptions(int nodes, int leases, int concurrency, Duration warmup, Duration maxDuration, int tenants,
                        Duration reportEvery, Path home, Path brokerLibs, String schedulerHeap,
                        Optional<Path> workDir, boolean keepWorkDir, boolean durable, double arrivalRate,
                        int pgbenchClients, int pgbenchScale) {

    static final String USAGE = """
            usage: java -cp benchmarks/target/benchmarks.jar io.computenet.benchmarks.LeaseLoadHarness [options]
                   (or ./computenet load [options], which builds what is needed first)
              --nodes N            simulated nodes in the fleet (default 1000)
              --leases N           leases created (and released) in the measured phase (default 20000)
              --concurrency N      closed-loop clients (default 32)
              --warmup D           load before measuring, e.g. 20s (default 15s)
              --max-duration D     end the measured phase after this even if fewer leases were sent (default 60s)
              --tenants N          tenants the requests are spread over (default 1)
              --report-every D     progress line interval (default 5s)
              --home DIR           repository root with the built scheduler and broker jars (default .)
              --broker-libs DIR    Kafka broker jars, relative to --home (default kafka-broker/target/libs)
              --scheduler-heap S   the scheduler's -Xmx (default 384m, as ./computenet up)
              --work-dir DIR       data, spool and logs (default: a new temporary directory, deleted after)
              --keep-work-dir      keep the work directory (the scheduler's log is in it)
              --durable B          true: PostgreSQL with fsync and synchronous_commit on, as ./computenet up
                                   (default); false: both off (the embedded server's test settings)
              --arrival-rate R     open loop: R creates per second on a fixed schedule, whatever the answers;
                                   latency from each request's scheduled time (default 0: the closed loop)
              --pgbench-clients N  pgbench TPC-B clients on the same PostgreSQL during the measured phase
                                   (default 8; 0: none; needs pgbench on the PATH, Debian: postgresql-client)
              --pgbench-scale N    pgbench's scale factor (default 8)
            """;

    LeaseLoadOptions {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1");
        }
        if (leases < 1) {
            throw new IllegalArgumentException("--leases must be at least 1");
        }
        if (concurrency < 1 || concurrency > 1024) {
            throw new IllegalArgumentException("--concurrency must be between 1 and 1024");
        }
        if (tenants < 1) {
            throw new IllegalArgumentException("--tenants must be at least 1");
        }
        if (warmup.isNegative() || maxDuration.isZero() || maxDuration.isNegative() || reportEvery.isZero()
                || reportEvery.isNegative()) {
            throw new IllegalArgumentException("--max-duration and --report-every must be positive, --warmup not"
                    + " negative");
        }
        if (!schedulerHeap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--scheduler-heap must be a JVM size such as 384m, not "
                    + schedulerHeap);
        }
        if (arrivalRate < 0 || arrivalRate > 100_000 || Double.isNaN(arrivalRate)) {
            throw new IllegalArgumentException("--arrival-rate must be between 0 (closed loop) and 100000");
        }
        if (pgbenchClients < 0 || pgbenchClients > 256 || pgbenchScale < 1) {
            throw new IllegalArgumentException("--pgbench-clients must be between 0 and 256, --pgbench-scale at"
                    + " least 1");
        }
    }

    static LeaseLoadOptions parse(String... args) {
        CommandLine line = CommandLine.parse(args, Set.of("--nodes", "--leases", "--concurrency", "--warmup",
                "--max-duration", "--tenants", "--report-every", "--home", "--broker-libs", "--scheduler-heap",
                "--work-dir", "--durable", "--arrival-rate", "--pgbench-clients", "--pgbench-scale"),
                Set.of("--keep-work-dir"));
        return new LeaseLoadOptions(line.integer("--nodes", 1000), line.integer("--leases", 20_000),
                line.integer("--concurrency", 32), line.duration("--warmup", Duration.ofSeconds(15)),
                line.duration("--max-duration", Duration.ofSeconds(60)), line.integer("--tenants", 1),
                line.duration("--report-every", Duration.ofSeconds(5)), line.path("--home", Path.of(".")),
                line.path("--broker-libs", Path.of("kafka-broker", "target", "libs")),
                line.text("--scheduler-heap", "384m"), line.path("--work-dir"), line.flag("--keep-work-dir"),
                bool(line.text("--durable", "true")), line.decimal("--arrival-rate", 0),
                line.integer("--pgbench-clients", 8), line.integer("--pgbench-scale", 8));
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new IllegalArgumentException("--durable must be true or false, not " + text);
        };
    }

    /** Whether creates follow a fixed schedule ({@code --arrival-rate}) rather than the closed loop. */
    boolean openLoop() {
        return arrivalRate > 0;
    }

    /** The tenant of the {@code i}-th request. */
    String tenant(long i) {
        return "tenant-load-" + (i % tenants);
    }
}
