package io.computenet.contracts.usage;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TimeWeightedTest {

    private static final Instant FROM = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant HOUR_LATER = FROM.plus(Duration.ofHours(1));
    private static final Duration HOLD = Duration.ofSeconds(60);

    private static List<TimeWeighted.Reading> every(int fromSecond, int toSecond, int step, double value) {
        List<TimeWeighted.Reading> readings = new ArrayList<>();
        for (int s = fromSecond; s < toSecond; s += step) {
            readings.add(new TimeWeighted.Reading(FROM.plusSeconds(s), value));
        }
        return readings;
    }

    @Test
    void weighsEachReadingByTheTimeItCoversNotByTheirCount() {
        // given: idle for 50 minutes, read every 60 s (50 readings), then busy for 10 minutes, read every 10 s (60)
        List<TimeWeighted.Reading> readings = new ArrayList<>(every(0, 3000, 60, 0.0));
        readings.addAll(every(3000, 3600, 10, 100.0));

        // when
        Double mean = TimeWeighted.meanCountingGapsAsZero(readings, FROM, HOUR_LATER, HOLD);

        // then: 10 of 60 minutes busy, where the readings' count mean would say 60 / 110 = 54.5 %
        assertThat(mean).isCloseTo(100.0 / 6, within(1e-9));
    }

    @Test
    void countsTheTimeADeviceDidNotReportAsIdle() {
        // given: leased and busy for the last 10 minutes of the hour only
        List<TimeWeighted.Reading> readings = every(3000, 3600, 10, 100.0);

        // then: the samples' own mean is 100 %; over the hour the device was busy a sixth of the time
        assertThat(TimeWeighted.meanCountingGapsAsZero(readings, FROM, HOUR_LATER, HOLD))
                .isCloseTo(100.0 / 6, within(1e-9));
    }

    @Test
    void aReadingHoldsUntilTheNextOneAtMostTheHold() {
        // given: 50 % at 0 s, 100 % at 30 s, then nothing until 200 s
        List<TimeWeighted.Reading> readings = List.of(new TimeWeighted.Reading(FROM, 50.0),
                new TimeWeighted.Reading(FROM.plusSeconds(30), 100.0));

        // when
        TimeWeighted.Coverage c = TimeWeighted.cover(readings, FROM, FROM.plusSeconds(200), HOLD);

        // then: 30 s at 50 %, 60 s (the hold) at 100 %
        assertThat(c.seconds()).isEqualTo(90.0);
        assertThat(c.valueSeconds()).isEqualTo(30 * 50.0 + 60 * 100.0);
        assertThat(c.mean()).isCloseTo(7500.0 / 90, within(1e-9));
    }

    @Test
    void clipsReadingsToTheSpanAndIgnoresTheirOrder() {
        // given: a reading 20 s before the span holds 40 s into it; one 10 s before its end holds past it
        List<TimeWeighted.Reading> readings = List.of(new TimeWeighted.Reading(FROM.plusSeconds(110), 20.0),
                new TimeWeighted.Reading(FROM.minusSeconds(20), 80.0));

        // when
        TimeWeighted.Coverage c = TimeWeighted.cover(readings, FROM, FROM.plusSeconds(120), HOLD);

        // then
        assertThat(c).isEqualTo(new TimeWeighted.Coverage(40 * 80.0 + 10 * 20.0, 50));
    }

    @Test
    void readingsWithoutAFigureCoverNothing() {
        List<TimeWeighted.Reading> none = List.of(new TimeWeighted.Reading(FROM, null));

        assertThat(TimeWeighted.cover(none, FROM, HOUR_LATER, HOLD)).isEqualTo(TimeWeighted.Coverage.NONE);
        assertThat(TimeWeighted.cover(none, FROM, HOUR_LATER, HOLD).mean()).isNull();
        assertThat(TimeWeighted.meanCountingGapsAsZero(none, FROM, HOUR_LATER, HOLD)).isNull();
        assertThat(TimeWeighted.meanCountingGapsAsZero(List.of(), FROM, HOUR_LATER, HOLD)).isNull();
    }
}
