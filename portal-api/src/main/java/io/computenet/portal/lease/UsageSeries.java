package io.computenet.portal.lease;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.contracts.usage.TimeWeighted;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lease's usage samples as a chart's series: the span from the first sample to the last one's hold cut into equal
 * steps (at most {@link #MAX_POINTS}), each step's utilisation the mean over its devices weighted by the time each
 * sample covers in it ({@link TimeWeighted}), and its memory the sum over the devices of each one's time-weighted
 * memory. A step no sample covers has no figures (a gap in the line, not a fall to 0). Pure.
 */
public final class UsageSeries {

    /** The most points a series has. */
    public static final int MAX_POINTS = 240;
    /** The shortest step: the node agent samples every 10 s. */
    public static final Duration MIN_STEP = Duration.ofSeconds(10);

    /**
     * One step of the series.
     *
     * @param at             the step's start
     * @param utilizationPct the time-weighted mean utilisation of the devices that reported in the step, null if none
     * @param memoryUsedMiB  the sum over those devices of their time-weighted memory in use, null if none
     */
    public record Point(Instant at, Double utilizationPct, Long memoryUsedMiB) {
    }

    private UsageSeries() {
    }

    /**
     * The series of billing's samples ({@code sampledAt}, {@code nodeId}, {@code deviceKey}, {@code utilizationPct},
     * {@code memoryUsedMiB}), a sample holding at most {@code hold}.
     */
    public static List<Point> of(List<JsonNode> samples, Duration hold) {
        Map<String, List<TimeWeighted.Reading>> utilisation = new LinkedHashMap<>();
        Map<String, List<TimeWeighted.Reading>> memory = new LinkedHashMap<>();
        Instant first = null;
        Instant last = null;
        for (JsonNode s : samples) {
            if (!s.hasNonNull("sampledAt")) {
                continue;
            }
            Instant at = Instant.parse(s.get("sampledAt").asText());
            String device = s.path("nodeId").asText("") + "/" + s.path("deviceKey").asText("");
            utilisation.computeIfAbsent(device, d -> new ArrayList<>()).add(new TimeWeighted.Reading(at,
                    s.hasNonNull("utilizationPct") ? s.get("utilizationPct").asDouble() : null));
            memory.computeIfAbsent(device, d -> new ArrayList<>()).add(new TimeWeighted.Reading(at,
                    s.hasNonNull("memoryUsedMiB") ? s.get("memoryUsedMiB").asDouble() : null));
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
        }
        if (first == null) {
            return List.of();
        }
        Instant end = last.plus(hold);
        Duration step = step(Duration.between(first, end));
        List<Point> points = new ArrayList<>();
        for (Instant from = first; from.isBefore(end); from = from.plus(step)) {
            Instant to = from.plus(step);
            TimeWeighted.Coverage util = TimeWeighted.Coverage.NONE;
            for (List<TimeWeighted.Reading> device : utilisation.values()) {
                util = util.plus(TimeWeighted.cover(device, from, to, hold));
            }
            double memorySum = 0;
            boolean anyMemory = false;
            for (List<TimeWeighted.Reading> device : memory.values()) {
                Double mean = TimeWeighted.cover(device, from, to, hold).mean();
                if (mean != null) {
                    memorySum += mean;
                    anyMemory = true;
                }
            }
            Double pct = util.mean();
            points.add(new Point(from, pct == null ? null : Math.round(pct * 10) / 10.0,
                    anyMemory ? Math.round(memorySum) : null));
        }
        return points;
    }

    /** A step that cuts {@code span} into at most {@link #MAX_POINTS}, whole seconds, at least {@link #MIN_STEP}. */
    static Duration step(Duration span) {
        long seconds = (span.toMillis() + MAX_POINTS * 1000L - 1) / (MAX_POINTS * 1000L);
        return Duration.ofSeconds(Math.max(MIN_STEP.toSeconds(), seconds));
    }
}
