package io.computenet.portal.gateway.core;

import io.computenet.contracts.api.endpoint.EndpointRoutes.RouteReplica;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaChoiceTest {

    private static RouteReplica replica(String leaseId, boolean ready) {
        return new RouteReplica(leaseId, "cn-east-yrd", "http://127.0.0.2:8000/" + leaseId, ready);
    }

    @Test
    void choosesTheReadyReplicaWithTheFewestOutstandingRequests() {
        // given
        List<RouteReplica> replicas = List.of(replica("a", true), replica("b", true), replica("c", true));
        // when / then
        assertThat(ReplicaChoice.choose(replicas, Map.of("a", 3, "b", 1, "c", 2), Set.of(), 0))
                .map(RouteReplica::leaseId).contains("b");
    }

    @Test
    void neverChoosesAReplicaThatIsNotReadyEvenWhenIdle() {
        // given
        List<RouteReplica> replicas = List.of(replica("busy", true), replica("starting", false));
        // when / then
        for (int turn = 0; turn < 10; turn++) {
            assertThat(ReplicaChoice.choose(replicas, Map.of("busy", 50), Set.of(), turn))
                    .map(RouteReplica::leaseId).contains("busy");
        }
        assertThat(ReplicaChoice.choose(List.of(replica("starting", false)), Map.of(), Set.of(), 0)).isEmpty();
    }

    @Test
    void skipsReplicasThisRequestAlreadyFailedToReach() {
        // given
        List<RouteReplica> replicas = List.of(replica("dead", true), replica("alive", true));
        // when / then
        assertThat(ReplicaChoice.choose(replicas, Map.of("alive", 9), Set.of("dead"), 0))
                .map(RouteReplica::leaseId).contains("alive");
        assertThat(ReplicaChoice.choose(replicas, Map.of(), Set.of("dead", "alive"), 0)).isEmpty();
    }

    @Test
    void sharesTiesRoundTheTiedReplicas() {
        // given
        List<RouteReplica> replicas = List.of(replica("a", true), replica("b", true), replica("c", true));
        // when
        Set<String> chosen = new HashSet<>();
        IntStream.range(0, 3).forEach(turn -> chosen.add(ReplicaChoice.choose(replicas, Map.of(), Set.of(), turn)
                .orElseThrow().leaseId()));
        // then
        assertThat(chosen).containsExactlyInAnyOrder("a", "b", "c");
    }
}
