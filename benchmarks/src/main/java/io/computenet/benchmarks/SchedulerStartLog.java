package io.computenet.benchmarks;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the restart harness reads from the scheduler's log of one start: its capacity model's first read whole (nodes,
 * devices, milliseconds, when) and Quarkus's "started in".
 */
final class SchedulerStartLog {

    /** {@code 12:01:02.345 INFO  [io.co.sc.pl.CapacitySnapshots] capacity model read whole: 10000 nodes, ...}. */
    static final Pattern MODEL_READ = Pattern.compile(
            "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*capacity model read whole: (\\d+) nodes, (\\d+) devices in (\\d+) ms");
    /** Quarkus's {@code ... started in 7.123s. Listening on: ...}. */
    static final Pattern STARTED = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .* started in ([0-9.]+)s");

    private SchedulerStartLog() {
    }

    /** The scheduler's log lines for one start, as read from its log. */
    record Times(long modelNodes, long modelDevices, long modelReadMs, LocalTime modelReadAt, double quarkusStartedS,
                    LocalTime startedAt) {
    }

    /** The first model read and Quarkus's "started in" of one log; empty without a model read. */
    static Optional<Times> times(List<String> lines) {
        Matcher model = null;
        Matcher started = null;
        for (String line : lines) {
            if (model == null) {
                Matcher m = MODEL_READ.matcher(line);
                if (m.find()) {
                    model = m;
                }
            }
            if (started == null) {
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    started = m;
                }
            }
        }
        if (model == null) {
            return Optional.empty();
        }
        return Optional.of(new Times(Long.parseLong(model.group(2)), Long.parseLong(model.group(3)),
                Long.parseLong(model.group(4)), LocalTime.parse(model.group(1)),
                started == null ? Double.NaN : Double.parseDouble(started.group(2)),
                started == null ? null : LocalTime.parse(started.group(1))));
    }

    /** Milliseconds from {@code from} to {@code to} on the clock, across midnight if need be. */
    static long millisBetween(LocalTime from, LocalTime to) {
        long ms = ChronoUnit.MILLIS.between(from, to);
        return ms < -12 * 3_600_000L ? ms + 24 * 3_600_000L : ms;
    }
}
