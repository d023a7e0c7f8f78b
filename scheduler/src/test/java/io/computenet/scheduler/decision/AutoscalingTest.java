package io.computenet.scheduler.decision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutoscalingTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static Autoscaling.Policy policy(int min, int max) {
        return new Autoscaling.Policy(min, max, 4, Duration.ofMinutes(10));
    }

    @ParameterizedTest(name = "{0} in flight + {1} waiting, min {2}, max {3} -> {4}")
    @CsvSource({
            "0,0,1,4,1",
            "1,0,1,4,1",
            "4,0,1,4,1",
            "5,0,1,4,2",
            "9,0,0,4,3",
            "8,4,0,4,3",
            "100,0,1,4,4",
            "0,0,2,4,2",
            "3,0,0,1,1"})
    void wantsEnoughReplicasForTheTargetConcurrencyBetweenMinAndMax(int inFlight, int waiting, int min, int max,
                                                                     int desired) {
        // given
        Autoscaling.Load load = new Autoscaling.Load(inFlight, waiting, NOW.minusSeconds(1), NOW.minusSeconds(1));

        // when // then
        assertThat(Autoscaling.desired(policy(min, max), load, CLOCK)).isEqualTo(desired);
    }

    @Test
    void scalesToZeroOnlyAfterTheIdlePeriodWithoutRequests() {
        // given: minimum 0, the last request 9 minutes ago, then 11 minutes ago
        Autoscaling.Load recent = new Autoscaling.Load(0, 0, NOW.minusSeconds(540), NOW.minusSeconds(540));
        Autoscaling.Load idle = new Autoscaling.Load(0, 0, NOW.minusSeconds(660), NOW.minusSeconds(660));

        // when // then
        assertThat(Autoscaling.desired(policy(0, 4), recent, CLOCK)).isEqualTo(1);
        assertThat(Autoscaling.desired(policy(0, 4), idle, CLOCK)).isZero();
        assertThat(Autoscaling.desired(policy(0, 4), Autoscaling.Load.NONE, CLOCK)).isZero();
    }

    @Test
    void aWaitingRequestWakesAnEndpointScaledToZero() {
        // given: nothing seen for an hour, now one request waits
        Autoscaling.Load waiting = new Autoscaling.Load(0, 1, NOW, null);

        // when // then
        assertThat(Autoscaling.desired(policy(0, 4), waiting, CLOCK)).isEqualTo(1);
    }

    @Test
    void aStaleLoadReportCountsAsNoLoad() {
        // given: 40 in flight, reported a minute ago (the gateway stops reporting when it has no traffic)
        Autoscaling.Load stale = new Autoscaling.Load(40, 0, NOW.minusSeconds(60), NOW.minusSeconds(60));

        // when // then: back to the minimum, but not below 1 within the idle period
        assertThat(Autoscaling.desired(policy(0, 8), stale, CLOCK)).isEqualTo(1);
        assertThat(Autoscaling.desired(policy(2, 8), stale, CLOCK)).isEqualTo(2);
    }

    @Test
    void refusesAPolicyWhoseMaximumIsBelowItsMinimum() {
        assertThatThrownBy(() -> new Autoscaling.Policy(3, 2, 4, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Autoscaling.Policy(0, 0, 4, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
