package io.computenet.contracts.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A device's readings (utilisation, memory) weighted by the time each covers, not by their count: an agent's readings
 * come at uneven intervals (a spool sent late, a slower agent, a device leased for part of a window only), so the
 * mean of the samples would over-count whatever was sampled more often. A reading holds from its time until the
 * device's next reading, for at most {@code hold} (a longer gap is time the device did not report: not leased, or its
 * agent silent). Pure: the operator's node utilisation (billing) and a lease's usage chart (the portal) both use it.
 */
public final class TimeWeighted {

    /** One reading of one device: its time and its figure, null when the reading carries none. */
    public record Reading(Instant at, Double value) {
    }

    /**
     * What a device's readings cover of a span.
     *
     * @param valueSeconds the sum of each covered second's figure (e.g. percent-seconds)
     * @param seconds      the seconds covered by a reading with a figure
     */
    public record Coverage(double valueSeconds, double seconds) {

        public static final Coverage NONE = new Coverage(0, 0);

        public Coverage plus(Coverage other) {
            return new Coverage(valueSeconds + other.valueSeconds, seconds + other.seconds);
        }

        /** The mean over the covered time, null when nothing was covered. */
        public Double mean() {
            return seconds == 0 ? null : valueSeconds / seconds;
        }
    }

    private TimeWeighted() {
    }

    /**
     * What one device's {@code readings} (any order) cover of {@code [from, to)}: each holds from its time until the
     * next reading or {@code hold} after it, whichever is first; a reading without a figure covers its time with none.
     */
    public static Coverage cover(List<Reading> readings, Instant from, Instant to, Duration hold) {
        if (!to.isAfter(from) || readings.isEmpty()) {
            return Coverage.NONE;
        }
        List<Reading> sorted = new ArrayList<>(readings);
        sorted.sort(Comparator.comparing(Reading::at));
        double valueSeconds = 0;
        double seconds = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Reading r = sorted.get(i);
            Instant end = r.at().plus(hold);
            if (i + 1 < sorted.size() && sorted.get(i + 1).at().isBefore(end)) {
                end = sorted.get(i + 1).at();
            }
            Instant start = r.at().isBefore(from) ? from : r.at();
            Instant stop = end.isAfter(to) ? to : end;
            if (r.value() == null || !stop.isAfter(start)) {
                continue;
            }
            double covered = Duration.between(start, stop).toNanos() / 1e9;
            valueSeconds += r.value() * covered;
            seconds += covered;
        }
        return new Coverage(valueSeconds, seconds);
    }

    /**
     * One device's mean over the whole of {@code [from, to)}, the time its readings do not cover counted at 0 (an
     * enrolled device that did not report was idle); null when none of its readings has a figure.
     */
    public static Double meanCountingGapsAsZero(List<Reading> readings, Instant from, Instant to, Duration hold) {
        if (readings.stream().allMatch(r -> r.value() == null) || !to.isAfter(from)) {
            return null;
        }
        return cover(readings, from, to, hold).valueSeconds() / (Duration.between(from, to).toNanos() / 1e9);
    }
}
