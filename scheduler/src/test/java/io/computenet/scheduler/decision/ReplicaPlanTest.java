package io.computenet.scheduler.decision;

import io.computenet.contracts.lease.LeaseState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaPlanTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    private static ReplicaPlan.Replica running(String id, boolean ready, int requestedMinutesAgo, int endsInMinutes) {
        return new ReplicaPlan.Replica(id, LeaseState.RUNNING, ready, NOW.minusSeconds(requestedMinutesAgo * 60L),
                NOW.plusSeconds(endsInMinutes * 60L));
    }

    private static ReplicaPlan.Replica of(String id, LeaseState state) {
        return new ReplicaPlan.Replica(id, state, false, NOW.minusSeconds(30), null);
    }

    @Test
    void requestsTheMissingReplicas() {
        // when
        ReplicaPlan.Plan plan = ReplicaPlan.plan(3, List.of(running("a", true, 10, 50)), null, NOW);

        // then
        assertThat(plan.toRequest()).isEqualTo(2);
        assertThat(plan.toRelease()).isEmpty();
    }

    @Test
    void replacesAReplicaWhoseLeaseEndedWithItsNode() {
        // given: one of two replicas failed with its node
        List<ReplicaPlan.Replica> replicas = List.of(running("a", true, 10, 50), of("b", LeaseState.FAILED));

        // when // then
        assertThat(ReplicaPlan.plan(2, replicas, null, NOW).toRequest()).isEqualTo(1);
    }

    @Test
    void countsQueuedAndStartingReplicasAsLiveSoNothingIsRequestedTwice() {
        // given
        List<ReplicaPlan.Replica> replicas = List.of(of("a", LeaseState.QUEUED), of("b", LeaseState.STARTING),
                of("c", LeaseState.SCHEDULED));

        // when // then
        assertThat(ReplicaPlan.plan(3, replicas, null, NOW)).isEqualTo(new ReplicaPlan.Plan(0, List.of(), List.of()));
    }

    @Test
    void releasesTheSurplusNotReadyFirstThenTheNewest() {
        // given: two ready (one older), one starting
        List<ReplicaPlan.Replica> replicas = List.of(running("old", true, 60, 50), running("new", true, 5, 50),
                of("starting", LeaseState.STARTING));

        // when
        ReplicaPlan.Plan toOne = ReplicaPlan.plan(1, replicas, null, NOW);
        ReplicaPlan.Plan toTwo = ReplicaPlan.plan(2, replicas, null, NOW);

        // then
        assertThat(toTwo.toRelease()).containsExactly("starting");
        assertThat(toOne.toRelease()).containsExactly("starting", "new");
        assertThat(toOne.toRequest()).isZero();
    }

    @Test
    void releasesEveryReplicaWhenNoneIsWanted() {
        // when
        ReplicaPlan.Plan plan = ReplicaPlan.plan(0, List.of(running("a", true, 60, 50), of("b", LeaseState.QUEUED)),
                null, NOW);

        // then
        assertThat(plan.toRelease()).containsExactlyInAnyOrder("a", "b");
        assertThat(plan.toRenew()).isEmpty();
    }

    @Test
    void renewsRunningReplicasWhoseBookingEndsWithinHalfAnHour() {
        // given
        List<ReplicaPlan.Replica> replicas = List.of(running("soon", true, 40, 20), running("later", true, 10, 50),
                running("due", false, 59, 0));

        // when // then
        assertThat(ReplicaPlan.plan(3, replicas, null, NOW).toRenew()).containsExactly("soon", "due");
    }

    @Test
    void waitsAfterARefusalBeforeRequestingAgain() {
        // when
        ReplicaPlan.Plan justRefused = ReplicaPlan.plan(1, List.of(), NOW.minusSeconds(5), NOW);
        ReplicaPlan.Plan refusedLongAgo = ReplicaPlan.plan(1, List.of(), NOW.minusSeconds(31), NOW);

        // then
        assertThat(justRefused.toRequest()).isZero();
        assertThat(refusedLongAgo.toRequest()).isEqualTo(1);
    }
}
