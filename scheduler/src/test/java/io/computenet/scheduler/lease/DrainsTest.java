package io.computenet.scheduler.lease;

import io.computenet.contracts.lease.LeaseState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant DEADLINE = NOW.plus(Duration.ofMinutes(30));
    private static final Drains.Drain DRAIN = new Drains.Drain("n1", DEADLINE, "op-alice");

    @Test
    void beforeTheDeadlineNoLeaseEnds() {
        // given: a running lease booked well past the deadline
        Instant bookedEnd = DEADLINE.plus(Duration.ofHours(2));

        // when / then: up to the instant before the deadline, it runs on
        assertThat(Drains.ending(DRAIN, false, bookedEnd, NOW)).isEmpty();
        assertThat(Drains.ending(DRAIN, true, bookedEnd, DEADLINE.minusNanos(1000))).isEmpty();
        assertThat(Drains.due(DEADLINE, DEADLINE.minusNanos(1000))).isFalse();
    }

    @ParameterizedTest(name = "interruptible={0} ends as {1}")
    @CsvSource({"false, FAILED", "true, PREEMPTED"})
    void atTheDeadlineALeaseBookedBeyondItEndsThereOnDemandFailedInterruptiblePreempted(boolean interruptible,
                                                                                        LeaseState expected) {
        // given
        Instant bookedEnd = DEADLINE.plusSeconds(1);

        // when
        var ending = Drains.ending(DRAIN, interruptible, bookedEnd, DEADLINE);

        // then
        assertThat(ending).hasValueSatisfying(e -> {
            assertThat(e.state()).isEqualTo(expected);
            assertThat(e.at()).isEqualTo(DEADLINE);
            assertThat(e.reason()).isEqualTo("node drained by operator op-alice at 2026-11-23T12:30:00Z");
        });
    }

    @Test
    void aLateCheckStillEndsTheLeaseAtTheDeadlineNotWhenItRuns() {
        // given: the reconciler gets to the lease 7 minutes after the deadline
        Instant late = DEADLINE.plus(Duration.ofMinutes(7));

        // when
        var ending = Drains.ending(DRAIN, false, DEADLINE.plus(Duration.ofHours(1)), late);

        // then
        assertThat(ending).hasValueSatisfying(e -> assertThat(e.at()).isEqualTo(DEADLINE));
    }

    @ParameterizedTest(name = "booked to end {0} s after the deadline")
    @CsvSource({"-600", "-1", "0"})
    void aLeaseBookedToEndByTheDeadlineEndsNormallyNotByTheDrain(long secondsAfterDeadline) {
        // given
        Instant bookedEnd = DEADLINE.plusSeconds(secondsAfterDeadline);

        // when / then: even checked late, the drain leaves it to expire at its booked end
        assertThat(Drains.ending(DRAIN, false, bookedEnd, DEADLINE.plus(Duration.ofMinutes(20)))).isEmpty();
    }

    @Test
    void aLeaseThatHasNotStartedEndsAtTheDeadlineToo() {
        // given: scheduled or starting, so no booked end yet
        // when
        var ending = Drains.ending(DRAIN, false, null, DEADLINE);

        // then
        assertThat(ending).hasValueSatisfying(e -> assertThat(e.at()).isEqualTo(DEADLINE));
    }

    @Test
    void aLeaseOnANodeThatIsNotDrainingNeverEndsByADrain() {
        assertThat(Drains.ending(null, false, null, NOW)).isEmpty();
        assertThat(Drains.due(null, NOW)).isFalse();
    }

    @Test
    void aDeadlineInMinutesCountsFromNowToTheMicrosecond() {
        // given
        Instant now = NOW.plusNanos(123_456_789);

        // when
        Instant deadline = Drains.deadline(null, 90, now);

        // then
        assertThat(deadline).isEqualTo(NOW.plus(Duration.ofMinutes(90)).plusNanos(123_456_000));
    }

    @Test
    void aDeadlineGivenAsAnInstantIsKeptToTheMicrosecond() {
        assertThat(Drains.deadline(DEADLINE.plusNanos(999), null, NOW)).isEqualTo(DEADLINE);
        assertThat(Drains.deadline(NOW.plus(Drains.MAX_NOTICE), null, NOW)).isEqualTo(NOW.plus(Drains.MAX_NOTICE));
    }

    @ParameterizedTest(name = "deadline={0} minutes={1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "null, null, deadline",
            "2026-11-23T12:00:00Z, null, deadline",
            "2026-11-23T11:59:59Z, null, deadline",
            "2026-11-30T12:00:00.000001Z, null, deadline",
            "2026-11-23T13:00:00Z, 30, minutes",
            "null, 0, minutes",
            "null, -5, minutes",
            "null, 10081, minutes"})
    void refusesADeadlineThatIsMissingPastTooFarAheadOrGivenTwiceNamingTheField(Instant deadline, Integer minutes,
                                                                                String field) {
        assertThatThrownBy(() -> Drains.deadline(deadline, minutes, NOW))
                .isInstanceOfSatisfying(Drains.InvalidDrain.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
