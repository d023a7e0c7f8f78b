package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.DeviceHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, purely, whether the node under a lease has failed it, and when: the end time billing stops at.
 * <ul>
 *   <li>a revoked node fails its leases at the revocation;</li>
 *   <li>a node silent for longer than the timeout fails them at its last heartbeat, but only while other nodes are
 *       heard (if nobody is, the inventory pipeline is down, not the node);</li>
 *   <li>a leased device the node reports {@code CRITICAL}, or no longer reports at all, fails them at the report that
 *       said so.</li>
 * </ul>
 * The time of a node's report is the scheduler's own observation: when it received the report ({@code lastSeenAt},
 * its clock), or the report's own sample time only where that lies within {@link #AGENT_CLOCK_TOLERANCE} before it.
 * An agent's timestamp alone never places an end: one in the future cannot prolong a lease's bill, one far in the
 * past cannot cut it short.
 */
public final class NodeFailures {

    /** What the scheduler knows about a node. */
    public record NodeState(String nodeId, Instant lastSeenAt, Instant lastEventAt, Instant revokedAt,
                            Map<String, DeviceHealth> deviceHealth) {
    }

    /** The lease ends at {@code at} for {@code reason}. */
    public record Failure(Instant at, String reason) {
    }

    /** How much earlier than the scheduler received it a report's own sample time may place a failure. */
    public static final Duration AGENT_CLOCK_TOLERANCE = Duration.ofSeconds(5);

    private NodeFailures() {
    }

    /**
     * When the node's last report was made, as far as the scheduler can vouch for it: its sample time bounded by the
     * scheduler's clock to {@code [lastSeenAt - tolerance, lastSeenAt]}.
     */
    public static Instant observedAt(NodeState node) {
        Instant received = node.lastSeenAt();
        Instant claimed = node.lastEventAt();
        if (claimed == null || claimed.isAfter(received)) {
            return received;
        }
        Instant earliest = received.minus(AGENT_CLOCK_TOLERANCE);
        return claimed.isBefore(earliest) ? earliest : claimed;
    }

    /**
     * @param node             the node, or empty when it is no longer known
     * @param leaseDevices     the device keys the lease holds on it
     * @param freshestHeardAt  the latest {@code lastSeenAt} over all nodes
     */
    public static Optional<Failure> check(Optional<NodeState> node, List<String> leaseDevices, Instant now,
                                          Duration silenceTimeout, Instant freshestHeardAt) {
        if (node.isEmpty()) {
            return Optional.of(new Failure(now, "the node is no longer in the inventory"));
        }
        NodeState n = node.get();
        if (n.revokedAt() != null) {
            return Optional.of(new Failure(n.revokedAt(), "node " + n.nodeId() + " was revoked by its operator"));
        }
        boolean pipelineAlive = freshestHeardAt != null && freshestHeardAt.plus(silenceTimeout).isAfter(now);
        if (pipelineAlive && n.lastSeenAt().plus(silenceTimeout).isBefore(now)) {
            return Optional.of(new Failure(observedAt(n), "node " + n.nodeId() + " missed its heartbeats for more"
                    + " than " + silenceTimeout.toSeconds() + " s; last heard from at " + n.lastSeenAt()));
        }
        for (String key : leaseDevices) {
            DeviceHealth health = n.deviceHealth().get(key);
            if (health == null) {
                return Optional.of(new Failure(observedAt(n), "device " + key + " is no longer reported by node "
                        + n.nodeId()));
            }
            if (health == DeviceHealth.CRITICAL) {
                return Optional.of(new Failure(observedAt(n), "device " + key + " on node " + n.nodeId()
                        + " reported critical health"));
            }
        }
        return Optional.empty();
    }
}
