package io.computenet.portal.offer;

import io.computenet.portal.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentAnswerTest {

    private static final Instant T0 = Instant.parse("2026-12-07T20:00:00Z");

    @Test
    void answersFromTheKeptAnswerWithinItsAgeAndFetchesAgainAfter() {
        // given: the upstream's capacity goes from 3 free devices to none
        SettableClock clock = new SettableClock(T0);
        AtomicInteger free = new AtomicInteger(3);
        AtomicInteger fetches = new AtomicInteger();
        RecentAnswer<Integer> answer = new RecentAnswer<>(() -> {
            fetches.incrementAndGet();
            return free.get();
        }, Duration.ofMillis(250), clock);
        assertThat(answer.get()).isEqualTo(3);

        // when: the capacity is gone
        free.set(0);
        clock.advance(Duration.ofMillis(249));
        int within = answer.get();
        clock.advance(Duration.ofMillis(1));
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
        RecentAnswer<Integer> answer = new RecentAnswer<>(fetches::incrementAndGet, Duration.ZERO,
                new SettableClock(T0));

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
        }, Duration.ofSeconds(10), new SettableClock(T0));

        // when / then
        assertThatThrownBy(answer::get).hasMessage("scheduler unavailable");
        assertThat(answer.get()).isEqualTo("offers");
    }
}
