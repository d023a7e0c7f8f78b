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
 *   <li>a node silent for longer than the timeout fails them at its last heartbeat's sample time, but only while
 *       other nodes are heard (if nobody is, the inventory pipeline is down, not the node);</li>
 *   <li>a leased device the node reports {@code CRITICAL}, or no longer reports at all, fails them at the sample
 *       time of the report that said so.</li>
 * </ul>
 */
public final class NodeFailures {

    /** What the scheduler knows about a node. */
    public record NodeState(String nodeId, Instant lastSeenAt, Instant lastEventAt, Instant revokedAt,
                            Map<String, DeviceHealth> deviceHealth) {
    }

    /** The lease ends at {@code at} for {@code reason}. */
    public record Failure(Instant at, String reason) {
    }

    private NodeFailures() {
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
            return Optional.of(new Failure(n.lastEventAt(), "node " + n.nodeId() + " missed its heartbeats for more"
                    + " than " + silenceTimeout.toSeconds() + " s; last heard from at " + n.lastEventAt()));
        }
        for (String key : leaseDevices) {
            DeviceHealth health = n.deviceHealth().get(key);
            if (health == null) {
                return Optional.of(new Failure(n.lastEventAt(), "device " + key + " is no longer reported by node "
                        + n.nodeId()));
            }
            if (health == DeviceHealth.CRITICAL) {
                return Optional.of(new Failure(n.lastEventAt(), "device " + key + " on node " + n.nodeId()
                        + " reported critical health"));
            }
        }
        return Optional.empty();
    }
}
