package io.computenet.scheduler.lease;

import io.computenet.contracts.api.PendingReason;
import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.scheduler.kubernetes.PodStart;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reasons an ended lease carries from the scheduler's pure checks (a node lost, revoked, silent, a device gone or
 * critical, a drain, a gang member's failure around them) are ones the reason catalogue ({@link PendingReason}) reads
 * as codes, with no English left in their arguments: a new or changed sentence here needs its template there (and its
 * message in the portal), or a researcher reads it in English only. The fixed sentences the services write ("released
 * by tenant", "lease time is up"...) are read by example in {@code PendingReasonTest}.
 */
class LeaseEndReasonCatalogueTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static NodeFailures.NodeState node(Instant lastSeen, Instant revokedAt, Map<String, DeviceHealth> health) {
        return new NodeFailures.NodeState("n1", lastSeen, lastSeen.minusMillis(300), revokedAt, health);
    }

    private static String failure(Optional<NodeFailures.NodeState> node) {
        return NodeFailures.check(node, List.of("g0"), NOW, TIMEOUT, NOW).orElseThrow().reason();
    }

    @Test
    void everyEndReasonOfTheNodeChecksAndDrainsHasACode() {
        // given: each way a node fails its lease, and a drain
        List<String> sentences = new ArrayList<>();
        sentences.add(failure(Optional.empty()));
        sentences.add(failure(Optional.of(node(NOW, NOW.minusSeconds(30), Map.of("g0", DeviceHealth.OK)))));
        sentences.add(failure(Optional.of(node(NOW.minusSeconds(31), null, Map.of("g0", DeviceHealth.OK)))));
        sentences.add(failure(Optional.of(node(NOW, null, Map.of("g1", DeviceHealth.OK)))));
        sentences.add(failure(Optional.of(node(NOW, null, Map.of("g0", DeviceHealth.CRITICAL)))));
        sentences.add(Drains.ending(new Drains.Drain("n1", NOW, "op-alice"), true, null, NOW).orElseThrow().reason());

        // when
        List<PendingReason> reasons = sentences.stream().map(PendingReason::of).toList();

        // then
        assertThat(reasons).extracting(PendingReason::code).containsExactly("lease_node_gone", "lease_node_revoked",
                "lease_node_silent", "lease_device_gone", "lease_device_critical", "lease_node_drained");
        assertThat(reasons).allSatisfy(r -> assertThat(r.args()).as(r.text())
                .noneSatisfy(a -> assertThat(a).containsAnyOf("node", "device", "operator", " s")));
    }

    @Test
    void everyReasonOfAWorkloadThatCouldNotBeCreatedHasACodeWithKubernetesWordsAsItsArgument() {
        // given: refused by the API server, and given up after the start timeout
        String problem = "region cn-east-yrd: pods is forbidden";
        List<String> sentences = List.of(
                PodStart.giveUp(NOW, TIMEOUT, NOW, 422, problem).orElseThrow(),
                PodStart.giveUp(NOW.minusSeconds(60), TIMEOUT, NOW, 0, problem).orElseThrow());

        // when / then
        assertThat(PendingReason.of(sentences)).extracting(PendingReason::code, r -> r.args().get(r.args().size() - 1))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lease_workload_not_created", problem),
                        org.assertj.core.groups.Tuple.tuple("lease_workload_not_created_in", problem));
    }

    @Test
    void aGangMembersFailureIsReadWithTheNodesOwnReasonWithinIt() {
        // given: the sentence the gang reconciler writes around a member's failure (its own words, then the node's)
        String nodeReason = failure(Optional.of(node(NOW.minusSeconds(31), null, Map.of("g0", DeviceHealth.OK))));
        String sentence = "node rank 1 (n1) failed, so the whole gang fails: " + nodeReason;

        // when
        PendingReason reason = PendingReason.of(sentence);

        // then: the heartbeat sentence holds "; " itself and is still read as one
        assertThat(reason.code()).isEqualTo("lease_gang_member_failed");
        assertThat(reason.args()).startsWith("1", "n1");
        assertThat(reason.within()).extracting(PendingReason::code).containsExactly("lease_node_silent");
    }
}
