package io.computenet.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * Everything {@code cnet} takes from the machine it runs on: environment variables, the home directory, locale and
 * time zone, a clock and a way to wait, and where it writes. {@link #system()} is the real one; tests pass their
 * own (a temporary config directory, a fixed locale, a clock that moves when the client waits).
 */
public record CliEnvironment(Map<String, String> variables, Path userHome, Locale locale, ZoneId zone, Clock clock,
                             Sleeper sleeper, PrintWriter out, PrintWriter err) {

    /** Waits: {@link Thread#sleep} for real, a clock that jumps in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), Locale.getDefault(),
                ZoneId.systemDefault(), Clock.systemUTC(), d -> Thread.sleep(d.toMillis()),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    }

    public String variable(String name) {
        String v = variables.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
