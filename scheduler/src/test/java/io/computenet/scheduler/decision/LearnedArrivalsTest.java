package io.computenet.scheduler.decision;

import io.computenet.placement.PlacementRequest;
import io.computenet.placement.WorkloadClass;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which of a transaction's lease requests the placement learner counts, once the transaction has ended. */
class LearnedArrivalsTest {

    private static PlacementRequest request(int devices) {
        return new PlacementRequest(16_384, devices, null, null, WorkloadClass.TRAINING);
    }

    @Test
    void countsEveryRequestDecidedInATransactionThatCommitsInArrivalOrder() {
        // given
        LearnedArrivals arrivals = new LearnedArrivals();
        arrivals.decided(request(1), null);
        arrivals.decided(request(2), null);

        // when
        var counted = arrivals.toCount(true);

        // then
        assertThat(counted).extracting(a -> a.request().deviceCount()).containsExactly(1, 2);
    }

    @Test
    void countsNothingDecidedInATransactionThatRollsBack() {
        // given: a batch whose requests were decided, then failed as a whole (they are tried again one by one)
        LearnedArrivals arrivals = new LearnedArrivals();
        arrivals.decided(request(1), null);
        arrivals.decided(request(2), null);

        // when
        var counted = arrivals.toCount(false);

        // then
        assertThat(counted).isEmpty();
    }

    @Test
    void countsARequestRefusedOnItsOwnWhenItsRefusalRollsTheTransactionBack() {
        // given
        LearnedArrivals arrivals = new LearnedArrivals();
        arrivals.refusedAlone(request(4));

        // when
        var afterRollback = arrivals.toCount(false);
        var afterCommit = arrivals.toCount(true);

        // then: the refusal is its answer, whatever ended the transaction; it is a task that arrived, as in the replay
        assertThat(afterRollback).extracting(a -> a.request().deviceCount()).containsExactly(4);
        assertThat(afterRollback.get(0).placed()).isNull();
        assertThat(afterCommit).hasSize(1);
    }
}
