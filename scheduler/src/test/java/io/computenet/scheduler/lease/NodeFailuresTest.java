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
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

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
        NodeFailures.NodeState silent = node(NOW.minusSeconds(31), null, Map.of("g0", DeviceHealth.OK));

        var failure = NodeFailures.check(Optional.of(silent), List.of("g0"), NOW, TIMEOUT, NOW.minusSeconds(1));

        assertThat(failure).hasValueSatisfying(f -> {
            assertThat(f.at()).isEqualTo(silent.lastEventAt());
            assertThat(f.reason()).contains("missed its heartbeats for more than 30 s");
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

    @Test
    void anAgentsTimestampAloneNeverPlacesTheFailure() {
        // given: the scheduler last received a report 40 s ago (silent) or 1 s ago (a leased device critical); the
        // agent stamped it a day later, a day earlier, or 2 s earlier
        for (Instant received : List.of(NOW.minusSeconds(40), NOW.minusSeconds(1))) {
            Map<String, DeviceHealth> health = Map.of("g0", DeviceHealth.CRITICAL);
            NodeFailures.NodeState future = new NodeFailures.NodeState("n1", received, NOW.plus(Duration.ofDays(1)),
                    null, health);
            NodeFailures.NodeState past = new NodeFailures.NodeState("n1", received, NOW.minus(Duration.ofDays(1)),
                    null, health);
            NodeFailures.NodeState skewed = new NodeFailures.NodeState("n1", received, received.minusSeconds(2), null,
                    health);

            // when / then: the failure lies within the scheduler's own observation
            assertThat(NodeFailures.check(Optional.of(future), List.of("g0"), NOW, TIMEOUT, NOW))
                    .hasValueSatisfying(f -> assertThat(f.at()).isEqualTo(received));
            assertThat(NodeFailures.check(Optional.of(past), List.of("g0"), NOW, TIMEOUT, NOW))
                    .hasValueSatisfying(f -> assertThat(f.at()).isEqualTo(
                            received.minus(NodeFailures.AGENT_CLOCK_TOLERANCE)));
            assertThat(NodeFailures.check(Optional.of(skewed), List.of("g0"), NOW, TIMEOUT, NOW))
                    .hasValueSatisfying(f -> assertThat(f.at()).isEqualTo(received.minusSeconds(2)));
        }
    }

    @Test
    void withTheShippedConfigurationASilentNodeIsDetectedWithin30Seconds() throws Exception {
        // given: the timeout the scheduler ships with (application.properties, outside the test profile)
        java.util.Properties shipped = new java.util.Properties();
        try (var in = NodeFailuresTest.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        Duration timeout = Duration.parse("PT" + shipped.getProperty("computenet.scheduler.node-failure-timeout")
                .toUpperCase(java.util.Locale.ROOT));
        NodeFailures.NodeState lastHeard30sAgo = node(NOW.minusSeconds(30).minusMillis(500), null,
                Map.of("g0", DeviceHealth.OK));
        NodeFailures.NodeState lastHeard20sAgo = node(NOW.minusSeconds(20), null, Map.of("g0", DeviceHealth.OK));

        // when / then: silent for just over 30 s, it has failed; missing one heartbeat (10 s) more, it has not
        assertThat(timeout).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(NodeFailures.check(Optional.of(lastHeard30sAgo), List.of("g0"), NOW, timeout, NOW)).isPresent();
        assertThat(NodeFailures.check(Optional.of(lastHeard20sAgo), List.of("g0"), NOW, timeout, NOW)).isEmpty();
    }
}
