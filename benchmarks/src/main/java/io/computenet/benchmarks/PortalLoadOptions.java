package io.computenet.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The web portal load harness's command line.
 *
 * @param concurrency  signed-in sessions, one closed-loop user each (researchers, alternately of two tenants)
 * @param leases       leases booked per tenant before the measurement, so the leases page has content
 * @param warmup       load before each page's measurement, not counted
 * @param duration     each page's measurement
 * @param fleetNodes   simulated nodes of the stack's fleet (the offers)
 * @param home         the repository root (the services' packaged jars, the Keycloak tarball)
 * @param workDir      where the stack runs (its logs in {@code stack/logs}); a temporary directory, deleted after, if
 *                     empty
 * @param offersApi    drive only {@code GET /api/v1/offers} (no page), as the offers' own load test (issue 22)
 */
record PortalLoadOptions(int concurrency, int leases, Duration warmup, Duration duration, int fleetNodes, Path home,
                         Optional<Path> workDir, boolean offersApi) {

    static final String USAGE = """
            usage: java -cp benchmarks/target/benchmarks.jar io.computenet.benchmarks.PortalLoadHarness [options]
              --concurrency N   signed-in researcher sessions driving the pages, closed loop (default 16)
              --leases N        leases booked per tenant (two tenants) before measuring (default 12)
              --warmup D        load before each page's measurement, e.g. 10s (default 10s)
              --duration D      each page's measurement (default 30s)
              --fleet-nodes N   simulated nodes of the stack's fleet (default 9)
              --home DIR        the repository root (default .)
              --work-dir DIR    where the stack runs, kept after (default: a temporary directory, deleted after)
              --offers-api      only GET /api/v1/offers, no page: the offers' own requests/s and latency
            """;

    PortalLoadOptions {
        if (concurrency < 1 || leases < 0 || fleetNodes < 1) {
            throw new IllegalArgumentException("--concurrency and --fleet-nodes must be at least 1, --leases at"
                    + " least 0");
        }
        if (warmup.isNegative() || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
        }
    }

    static PortalLoadOptions parse(String... args) {
        CommandLine line = CommandLine.parse(args, Set.of("--concurrency", "--leases", "--warmup", "--duration",
                "--fleet-nodes", "--home", "--work-dir"), Set.of("--offers-api"));
        return new PortalLoadOptions(line.integer("--concurrency", 16), line.integer("--leases", 12),
                line.duration("--warmup", Duration.ofSeconds(10)), line.duration("--duration", Duration.ofSeconds(30)),
                line.integer("--fleet-nodes", 9), line.path("--home", Path.of(".")), line.path("--work-dir"),
                line.flag("--offers-api"));
    }
}
