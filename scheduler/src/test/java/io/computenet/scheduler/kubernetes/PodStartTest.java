package io.computenet.scheduler.kubernetes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PodStartTest {

    private static final Instant SCHEDULED = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @ParameterizedTest
    @ValueSource(ints = {400, 422})
    void aPodTheApiServerRejectsAsInvalidFailsTheLeaseAtOnce(int status) {
        assertThat(PodStart.giveUp(SCHEDULED, TIMEOUT, SCHEDULED.plusSeconds(1), status, "region r: bad name"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("cannot be created").contains("region r"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 401, 403, 404, 500, 503})
    void anyOtherFailureIsTriedAgainUntilTheStartTimeoutThenFailsTheLeaseWithWhatWentWrong(int status) {
        // given
        String problem = "region cn-east: refused (" + status + ")";

        // then
        assertThat(PodStart.giveUp(SCHEDULED, TIMEOUT, SCHEDULED.plus(TIMEOUT), status, problem)).isEmpty();
        assertThat(PodStart.giveUp(SCHEDULED, TIMEOUT, SCHEDULED.plus(TIMEOUT).plusMillis(1), status, problem))
                .hasValue("workload could not be created within 120 s: " + problem);
    }

    @Test
    void timesOutOnlyAfterTheTimeout() {
        assertThat(PodStart.timedOut(SCHEDULED, TIMEOUT, SCHEDULED.plus(TIMEOUT))).isFalse();
        assertThat(PodStart.timedOut(SCHEDULED, TIMEOUT, SCHEDULED.plus(TIMEOUT).plusSeconds(1))).isTrue();
    }
}
