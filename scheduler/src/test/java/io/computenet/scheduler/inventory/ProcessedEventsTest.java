package io.computenet.scheduler.inventory;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Which events of a known node are never applied, whether or not their ids are still recorded. */
class ProcessedEventsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Duration RETENTION = Duration.ofHours(1);

    @Test
    void anEventOlderThanTheNodesLastIsSupersededHoweverRecentlyTheNodeWasHeardFrom() {
        Instant last = NOW.minusSeconds(10);
        assertThat(ProcessedEvents.superseded(last, NOW, last.minusNanos(1000), NOW, RETENTION)).isTrue();
        assertThat(ProcessedEvents.superseded(last, NOW.minus(Duration.ofDays(1)), last.minusSeconds(1), NOW,
                RETENTION)).isTrue();
    }

    @Test
    void aNewerEventIsNeverSuperseded() {
        Instant last = NOW.minus(Duration.ofDays(3));
        assertThat(ProcessedEvents.superseded(last, last, last.plusNanos(1000), NOW, RETENTION)).isFalse();
        assertThat(ProcessedEvents.superseded(last, NOW, NOW, NOW, RETENTION)).isFalse();
    }

    @Test
    void anEventAsOldAsTheLastIsARepeatOnlyWhenNothingWasAppliedWithinTheRetention() {
        Instant last = NOW.minus(Duration.ofHours(2));
        // applied two hours ago: its id may be pruned, so this is that event again
        assertThat(ProcessedEvents.superseded(last, last, last, NOW, RETENTION)).isTrue();
        // applied just inside the retention: its id is still recorded and decides; a same-time event applies
        assertThat(ProcessedEvents.superseded(last, NOW.minus(RETENTION).plusSeconds(1), last, NOW, RETENTION))
                .isFalse();
        // exactly at the edge: not yet before it
        assertThat(ProcessedEvents.superseded(last, NOW.minus(RETENTION), last, NOW, RETENTION)).isFalse();
    }
}
