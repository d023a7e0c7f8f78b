package io.computenet.scheduler.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** When the offers' summary may be served as it was worked out, and when it must be worked out again. */
class CapacityBoardTest {

    private static final Instant REFRESHED = Instant.parse("2026-12-07T20:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMillis(250);

    @Test
    void servesTheSummaryWhileTheModelIsUnchangedAndFresh() {
        // when / then
        assertThat(CapacityBoard.servable(7, 7, REFRESHED, REFRESHED.plusMillis(249), MAX_AGE)).isTrue();
    }

    @Test
    void worksItOutAgainOnceTheModelChanged() {
        // when / then: an allocation or release refreshed the model (a new version) a moment ago
        assertThat(CapacityBoard.servable(7, 8, REFRESHED, REFRESHED.plusMillis(1), MAX_AGE)).isFalse();
    }

    @Test
    void worksItOutAgainOnceTheModelIsOlderThanTheMaxAge() {
        // when / then: nothing refreshed the model for 250 ms: PostgreSQL may hold changes it has not seen
        assertThat(CapacityBoard.servable(7, 7, REFRESHED, REFRESHED.plus(MAX_AGE), MAX_AGE)).isFalse();
        assertThat(CapacityBoard.fresh(null, REFRESHED, MAX_AGE)).isFalse();
    }
}
