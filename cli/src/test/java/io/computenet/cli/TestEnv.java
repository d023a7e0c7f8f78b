package io.computenet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link CliEnvironment} for unit tests: a temporary config home, captured output, and a clock that moves only
 * when the client waits (so polling tests run instantly and the waits can be checked).
 */
final class TestEnv {

    final Path home;
    final Map<String, String> variables = new HashMap<>();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final List<Duration> waits = new ArrayList<>();
    Instant now = Instant.parse("2026-12-07T02:00:00Z");
    Locale locale = Locale.ENGLISH;

    TestEnv(Path home) {
        this.home = home;
        variables.put("XDG_CONFIG_HOME", home.resolve("config").toString());
    }

    Path configDir() {
        return home.resolve("config/computenet");
    }

    CliEnvironment environment() {
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new CliEnvironment(Map.copyOf(variables), home, locale, ZoneOffset.UTC, clock, d -> {
            waits.add(d);
            now = now.plus(d);
        }, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** Runs one command line; returns its exit code (output in {@link #out} and {@link #err}). */
    int run(String... args) {
        return Cli.run(environment(), args);
    }

    void clear() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }
}
