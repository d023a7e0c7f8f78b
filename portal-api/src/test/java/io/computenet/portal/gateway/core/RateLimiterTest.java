package io.computenet.portal.gateway.core;

import io.computenet.portal.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T09:00:00Z"));
    private final RateLimiter limiter = new RateLimiter(clock);

    @Test
    void admitsAMinutesWorthAtOnceThenRefusesWithTheSecondsToWait() {
        // given: 60 per minute, one request a second
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.tryAcquire("ep-a", 60).allowed()).as("request %d", i).isTrue();
        }
        // when
        RateLimiter.Decision refused = limiter.tryAcquire("ep-a", 60);
        // then
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void refillsAtTheLimitsPace() {
        // given: 6 per minute, all used
        for (int i = 0; i < 6; i++) {
            limiter.tryAcquire("ep-a", 6);
        }
        assertThat(limiter.tryAcquire("ep-a", 6).retryAfterSeconds()).isEqualTo(10);
        // when: 4 s later, then 10 s after the last admission
        clock.advance(Duration.ofSeconds(4));
        RateLimiter.Decision early = limiter.tryAcquire("ep-a", 6);
        clock.advance(Duration.ofSeconds(6));
        RateLimiter.Decision onTime = limiter.tryAcquire("ep-a", 6);
        // then
        assertThat(early.allowed()).isFalse();
        assertThat(early.retryAfterSeconds()).isEqualTo(6);
        assertThat(onTime.allowed()).isTrue();
        assertThat(limiter.tryAcquire("ep-a", 6).allowed()).isFalse();
    }

    @Test
    void keepsEachEndpointsBucketApart() {
        // given
        assertThat(limiter.tryAcquire("ep-a", 1).allowed()).isTrue();
        // when / then
        assertThat(limiter.tryAcquire("ep-a", 1).allowed()).isFalse();
        assertThat(limiter.tryAcquire("ep-b", 1).allowed()).isTrue();
    }

    @Test
    void neverHoldsMoreThanAMinutesWorthAfterAnIdleHour() {
        // given
        limiter.tryAcquire("ep-a", 3);
        clock.advance(Duration.ofHours(1));
        // when
        int admitted = 0;
        while (limiter.tryAcquire("ep-a", 3).allowed()) {
            admitted++;
        }
        // then
        assertThat(admitted).isEqualTo(3);
    }

    @Test
    void forgetsEndpointsThatAreGone() {
        // given
        limiter.tryAcquire("ep-a", 1);
        // when
        limiter.retain(Set.of("ep-b"));
        // then: a fresh bucket
        assertThat(limiter.tryAcquire("ep-a", 1).allowed()).isTrue();
    }
}
