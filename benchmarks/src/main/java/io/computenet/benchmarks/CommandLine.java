package io.computenet.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A harness's command line read once: {@code --name value} options and {@code --name} flags, each checked against
 * the names the harness declares, then read with a default and a clear message for a value of the wrong form. The
 * harnesses' option records check the ranges.
 */
final class CommandLine {

    private final Map<String, String> values;
    private final Set<String> flags;

    private CommandLine(Map<String, String> values, Set<String> flags) {
        this.values = values;
        this.flags = flags;
    }

    /**
     * Reads {@code args}.
     *
     * @param options   the names that take a value ({@code --nodes})
     * @param flagNames the names that stand alone ({@code --keep-work-dir})
     * @throws IllegalArgumentException for an unknown name or an option without its value
     */
    static CommandLine parse(String[] args, Set<String> options, Set<String> flagNames) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (flagNames.contains(name)) {
                flags.add(name);
            } else if (!options.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            } else if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            } else {
                values.put(name, args[++i]);
            }
        }
        return new CommandLine(values, flags);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String text(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    Optional<Path> path(String name) {
        return text(name).map(Path::of);
    }

    Path path(String name, Path otherwise) {
        return path(name).orElse(otherwise);
    }

    /** A whole number up to {@link Integer#MAX_VALUE}; {@code 20_000} and {@code 20,000} read as 20000. */
    int integer(String name, int otherwise) {
        long n = whole(name, otherwise);
        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(name + " is too large: " + values.get(name));
        }
        return (int) n;
    }

    /** A whole number, as {@link #integer} reads it, up to {@link Long#MAX_VALUE}. */
    long whole(String name, long otherwise) {
        String value = values.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(value.strip().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value, e);
        }
    }

    /** A decimal number such as {@code 0.4}. */
    double decimal(String name, double otherwise) {
        String value = values.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number such as 0.4, not " + value, e);
        }
    }

    Duration duration(String name, Duration otherwise) {
        String value = values.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return duration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
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
