package io.computenet.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

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

    static final String USAGE = """
            usage: GatewayLoadHarness [--concurrency 16] [--warmup 5s] [--duration 20s] [--rounds 2] [--max-tokens 16]
                                      [--stream] [--home .]
            """;

    static GatewayLoadOptions parse(String[] args) {
        int concurrency = 16;
        Duration warmup = Duration.ofSeconds(5);
        Duration duration = Duration.ofSeconds(20);
        int rounds = 2;
        int maxTokens = 16;
        boolean stream = false;
        Path home = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--stream")) {
                stream = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--concurrency" -> concurrency = positive(arg, value);
                case "--warmup" -> warmup = seconds(arg, value);
                case "--duration" -> duration = seconds(arg, value);
                case "--rounds" -> rounds = positive(arg, value);
                case "--max-tokens" -> maxTokens = positive(arg, value);
                case "--home" -> home = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new GatewayLoadOptions(concurrency, warmup, duration, rounds, maxTokens, stream, home);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a positive number, was " + value);
    }

    private static Duration seconds(String option, String value) {
        if (!value.matches("\\d+s")) {
            throw new IllegalArgumentException(option + " must be whole seconds like 20s, was " + value);
        }
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }
}
