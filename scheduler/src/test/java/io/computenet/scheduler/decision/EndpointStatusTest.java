package io.computenet.scheduler.decision;

import io.computenet.contracts.lease.LeaseState;
import org.junit.jupiter.api.Test;

import io.computenet.contracts.api.endpoint.EndpointState;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointStatusTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    private static EndpointStatus.Replica live(LeaseState state, boolean ready) {
        return new EndpointStatus.Replica(state, ready, List.of(), null, null);
    }

    private static EndpointStatus.Replica failed(String reason, int minutesAgo) {
        return new EndpointStatus.Replica(LeaseState.FAILED, false, List.of(), reason,
                NOW.minusSeconds(minutesAgo * 60L));
    }

    @Test
    void isReadyWhileOneReplicaIsReady() {
        // when
        var status = EndpointStatus.of(false, 2, List.of(live(LeaseState.RUNNING, true),
                live(LeaseState.STARTING, false)), null, NOW);

        // then
        assertThat(status).isEqualTo(new EndpointStatus.Status(EndpointState.READY, List.of()));
    }

    @Test
    void isDeployingWhileReplicasArePlacedButNoneReady() {
        assertThat(EndpointStatus.of(false, 2, List.of(live(LeaseState.STARTING, false),
                live(LeaseState.RUNNING, false)), null, NOW).state()).isEqualTo(EndpointState.DEPLOYING);
        assertThat(EndpointStatus.of(false, 1, List.of(), null, NOW).state())
                .isEqualTo(EndpointState.DEPLOYING);
    }

    @Test
    void isScaledToZeroWhenNoReplicaIsWantedOrLive() {
        assertThat(EndpointStatus.of(false, 0, List.of(failed("released", 1)), null, NOW).state())
                .isEqualTo(EndpointState.SCALED_TO_ZERO);
        assertThat(EndpointStatus.of(false, 0, List.of(live(LeaseState.RUNNING, false)), null, NOW).state())
                .isEqualTo(EndpointState.DEPLOYING);
    }

    @Test
    void failsWithTheRefusalWhenAReplicaCannotBePlaced() {
        // when
        var status = EndpointStatus.of(false, 1, List.of(), "price ceiling\nprice: 1 fitting device(s) cost more",
                NOW);

        // then
        assertThat(status.state()).isEqualTo(EndpointState.FAILED);
        assertThat(status.reasons()).containsExactly("price ceiling", "price: 1 fitting device(s) cost more");
    }

    @Test
    void failsWithThePendingReasonsWhenEveryReplicaWaitsInTheQueue() {
        // given
        var queued = new EndpointStatus.Replica(LeaseState.QUEUED, false, List.of("no device with 80 GiB free"),
                null, null);

        // when
        var status = EndpointStatus.of(false, 2, List.of(queued, queued), null, NOW);

        // then
        assertThat(status).isEqualTo(new EndpointStatus.Status(EndpointState.FAILED,
                List.of("no device with 80 GiB free")));
    }

    @Test
    void failsWhenReplicasKeepFailingWithinTheWindow() {
        // given: three failures within 10 minutes, one older
        List<EndpointStatus.Replica> replicas = List.of(failed("workload failed: Error", 1),
                failed("workload failed: Error", 3), failed("workload did not start", 9),
                live(LeaseState.STARTING, false));
        List<EndpointStatus.Replica> fewer = List.of(failed("workload failed: Error", 1),
                failed("workload failed: Error", 3), failed("old", 11), live(LeaseState.STARTING, false));

        // when // then
        assertThat(EndpointStatus.of(false, 1, replicas, null, NOW)).isEqualTo(new EndpointStatus.Status(
                EndpointState.FAILED, List.of("workload failed: Error", "workload did not start")));
        assertThat(EndpointStatus.of(false, 1, fewer, null, NOW).state()).isEqualTo(EndpointState.DEPLOYING);
    }

    @Test
    void isDeletedOnceDeleted() {
        assertThat(EndpointStatus.of(true, 0, List.of(live(LeaseState.RUNNING, true)), null, NOW).state())
                .isEqualTo(EndpointState.DELETED);
    }
}
