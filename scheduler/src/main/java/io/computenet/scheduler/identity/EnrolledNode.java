package io.computenet.scheduler.identity;

import java.time.Instant;
import java.util.Set;

/**
 * A node identity as the record check needs it.
 *
 * @param revokedAt  when the operator revoked the node, or null
 * @param deviceKeys the keys of the devices the node was enrolled with
 */
public record EnrolledNode(String nodeId, String enrollmentId, String organisation, String region, String cluster,
                           Instant revokedAt, Set<String> deviceKeys) {

    public EnrolledNode {
        deviceKeys = Set.copyOf(deviceKeys);
    }
}
