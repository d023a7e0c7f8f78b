package io.computenet.portal.offer;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentAnswerTest {

    /** A clock the test moves. */
    private static final class Hand extends Clock {
        Instant now = Instant.parse("2026-12-07T20:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void answersFromTheKeptAnswerWithinItsAgeAndFetchesAgainAfter() {
        // given: the upstream's capacity goes from 3 free devices to none
        Hand clock = new Hand();
        AtomicInteger free = new AtomicInteger(3);
        AtomicInteger fetches = new AtomicInteger();
        RecentAnswer<Integer> answer = new RecentAnswer<>(() -> {
            fetches.incrementAndGet();
            return free.get();
        }, Duration.ofMillis(250), clock);
        assertThat(answer.get()).isEqualTo(3);

        // when: the capacity is gone
        free.set(0);
        clock.now = clock.now.plusMillis(249);
        int within = answer.get();
        clock.now = clock.now.plusMillis(1);
        int after = answer.get();

        // then: at most 250 ms of the old answer, then the new one
        assertThat(within).isEqualTo(3);
        assertThat(after).isZero();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aZeroAgeFetchesEveryTime() {
        // given
        AtomicInteger fetches = new AtomicInteger();
        RecentAnswer<Integer> answer = new RecentAnswer<>(fetches::incrementAndGet, Duration.ZERO, new Hand());

        // when
        answer.get();
        answer.get();

        // then
        assertThat(fetches).hasValue(2);
    }

    @Test
    void keepsNoFailedFetch() {
        // given: the upstream fails once, then answers
        AtomicInteger calls = new AtomicInteger();
        RecentAnswer<String> answer = new RecentAnswer<>(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("scheduler unavailable");
            }
            return "offers";
        }, Duration.ofSeconds(10), new Hand());

        // when / then
        assertThatThrownBy(answer::get).hasMessage("scheduler unavailable");
        assertThat(answer.get()).isEqualTo("offers");
    }
}
