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

    private static final Duration DELAY = Duration.ofSeconds(60);

    private static Autoscaling.Load inFlight(int requests, Instant at) {
        return new Autoscaling.Load(requests, 0, at, at);
    }

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void scalesOutAtOnceButInOnlyAfterTheLoadStayedLowForTheDelay() {
        // given: 4 replicas wanted for 16 in flight; then the load drops to 4 in flight (1 replica's worth)
        Autoscaling.Scale four = new Autoscaling.Scale(4, null);

        // when: 1 s, 30 s and 59 s into the low load, then 60 s
        Autoscaling.Scale first = Autoscaling.next(policy(1, 4), inFlight(4, NOW), four, DELAY, CLOCK);
        Autoscaling.Scale half = Autoscaling.next(policy(1, 4), inFlight(4, NOW.plusSeconds(30)), first, DELAY,
                at(NOW.plusSeconds(30)));
        Autoscaling.Scale almost = Autoscaling.next(policy(1, 4), inFlight(4, NOW.plusSeconds(59)), half, DELAY,
                at(NOW.plusSeconds(59)));
        Autoscaling.Scale after = Autoscaling.next(policy(1, 4), inFlight(4, NOW.plusSeconds(60)), almost, DELAY,
                at(NOW.plusSeconds(60)));

        // then: it keeps 4 while the low load lasts less than the delay, then wants what the load wants
        assertThat(first).isEqualTo(new Autoscaling.Scale(4, NOW));
        assertThat(half).isEqualTo(new Autoscaling.Scale(4, NOW));
        assertThat(almost).isEqualTo(new Autoscaling.Scale(4, NOW));
        assertThat(after).isEqualTo(new Autoscaling.Scale(1, null));
        assertThat(Autoscaling.next(policy(1, 4), inFlight(16, NOW), new Autoscaling.Scale(1, null), DELAY, CLOCK))
                .isEqualTo(new Autoscaling.Scale(4, null));
    }

    @Test
    void aBurstWithinTheDelayRestartsIt() {
        // given: the load has wanted 1 of 4 replicas for 50 s
        Autoscaling.Scale low = new Autoscaling.Scale(4, NOW.minusSeconds(50));

        // when: a burst wants all 4 again, then the load falls back
        Autoscaling.Scale burst = Autoscaling.next(policy(1, 4), inFlight(16, NOW), low, DELAY, CLOCK);
        Autoscaling.Scale later = Autoscaling.next(policy(1, 4), inFlight(2, NOW.plusSeconds(20)), burst, DELAY,
                at(NOW.plusSeconds(20)));

        // then: the burst cleared the low period, so 20 s later it still holds 4, counting from then
        assertThat(burst).isEqualTo(new Autoscaling.Scale(4, null));
        assertThat(later).isEqualTo(new Autoscaling.Scale(4, NOW.plusSeconds(20)));
    }

    @Test
    void scalesToZeroAfterTheIdlePeriodWithoutAFurtherDelay() {
        // given: minimum 0, 2 replicas held, the last request 11 minutes ago (idle period 10)
        Autoscaling.Load idle = new Autoscaling.Load(0, 0, NOW.minusSeconds(660), NOW.minusSeconds(660));

        // when
        Autoscaling.Scale next = Autoscaling.next(policy(0, 4), idle, new Autoscaling.Scale(2, null), DELAY, CLOCK);

        // then
        assertThat(next).isEqualTo(Autoscaling.Scale.NONE);
    }
}
