package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.DeviceHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NodeFailuresTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static NodeFailures.NodeState node(Instant lastSeen, Instant revokedAt, Map<String, DeviceHealth> health) {
        return new NodeFailures.NodeState("n1", lastSeen, lastSeen.minusMillis(300), revokedAt, health);
    }

    @Test
    void aHealthyNodeHeardRecentlyKeepsItsLease() {
        assertThat(NodeFailures.check(Optional.of(node(NOW.minusSeconds(5), null, Map.of("g0", DeviceHealth.OK,
                "g1", DeviceHealth.WARNING))), List.of("g0", "g1"), NOW, TIMEOUT, NOW)).isEmpty();
    }

    @Test
    void aSilentNodeFailsItsLeaseAtItsLastHeartbeatSampleTime() {
        NodeFailures.NodeState silent = node(NOW.minusSeconds(91), null, Map.of("g0", DeviceHealth.OK));

        var failure = NodeFailures.check(Optional.of(silent), List.of("g0"), NOW, TIMEOUT, NOW.minusSeconds(1));

        assertThat(failure).hasValueSatisfying(f -> {
            assertThat(f.at()).isEqualTo(silent.lastEventAt());
            assertThat(f.reason()).contains("missed its heartbeats for more than 90 s");
        });
    }

    @Test
    void whenNoNodeIsHeardThePipelineIsDownAndNoLeaseFails() {
        NodeFailures.NodeState silent = node(NOW.minusSeconds(300), null, Map.of("g0", DeviceHealth.OK));

        assertThat(NodeFailures.check(Optional.of(silent), List.of("g0"), NOW, TIMEOUT, NOW.minusSeconds(120)))
                .isEmpty();
    }

    @Test
    void aRevokedNodeFailsItsLeaseAtTheRevocation() {
        Instant revoked = NOW.minusSeconds(30);
        assertThat(NodeFailures.check(Optional.of(node(NOW, revoked, Map.of("g0", DeviceHealth.OK))), List.of("g0"),
                NOW, TIMEOUT, NOW)).hasValueSatisfying(f -> assertThat(f.at()).isEqualTo(revoked));
    }

    @Test
    void aCriticalOrMissingLeasedDeviceFailsTheLeaseButOtherDevicesDoNot() {
        NodeFailures.NodeState state = node(NOW, null, Map.of("g0", DeviceHealth.OK, "g1", DeviceHealth.CRITICAL));

        assertThat(NodeFailures.check(Optional.of(state), List.of("g0"), NOW, TIMEOUT, NOW)).isEmpty();
        assertThat(NodeFailures.check(Optional.of(state), List.of("g0", "g1"), NOW, TIMEOUT, NOW))
                .hasValueSatisfying(f -> assertThat(f.reason()).contains("device g1 on node n1 reported critical"));
        assertThat(NodeFailures.check(Optional.of(state), List.of("g7"), NOW, TIMEOUT, NOW))
                .hasValueSatisfying(f -> assertThat(f.reason()).contains("device g7 is no longer reported"));
        assertThat(NodeFailures.check(Optional.empty(), List.of("g0"), NOW, TIMEOUT, NOW))
                .hasValueSatisfying(f -> assertThat(f.at()).isEqualTo(NOW));
    }
}
