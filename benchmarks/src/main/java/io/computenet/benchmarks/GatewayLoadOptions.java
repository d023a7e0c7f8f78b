package io.computenet.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The gateway overhead harness's command line.
 *
 * @param concurrency closed-loop clients
 * @param warmup      load before each measurement, not counted
 * @param duration    each measurement
 * @param rounds      direct then gateway, this many times (alternating, so drift on a busy machine hits both)
 * @param maxTokens   tokens per answer
 * @param stream      streamed answers (server-sent events) instead of plain JSON
 * @param home        the repository root (the portal's packaged jar, the Keycloak tarball)
 */
record GatewayLoadOptions(int concurrency, Duration warmup, Duration duration, int rounds, int maxTokens,
                          boolean stream, Path home) {

    GatewayLoadOptions {
        if (concurrency < 1 || rounds < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("--concurrency, --rounds and --max-tokens must be at least 1");
        }
        if (warmup.isNegative() || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
        }
    }

    static final String USAGE = """
            usage: GatewayLoadHarness [--concurrency 16] [--warmup 5s] [--duration 20s] [--rounds 2] [--max-tokens 16]
                                      [--stream] [--home .]
            """;

    static GatewayLoadOptions parse(String[] args) {
        CommandLine line = CommandLine.parse(args, Set.of("--concurrency", "--warmup", "--duration", "--rounds",
                "--max-tokens", "--home"), Set.of("--stream"));
        return new GatewayLoadOptions(line.integer("--concurrency", 16), line.duration("--warmup",
                Duration.ofSeconds(5)), line.duration("--duration", Duration.ofSeconds(20)),
                line.integer("--rounds", 2), line.integer("--max-tokens", 16), line.flag("--stream"),
                line.path("--home", Path.of(".")));
    }
}
