package io.computenet.scheduler.identity;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A node identity as the record check needs it.
 *
 * @param revokedAt when the operator revoked the node, or null
 * @param devices   the devices the node was enrolled with, by device key
 */
public record EnrolledNode(String nodeId, String enrollmentId, String organisation, String region, String cluster,
                           Instant revokedAt, Map<String, EnrolledDevice> devices) {

    public EnrolledNode {
        devices = Map.copyOf(devices);
    }

    /** The keys of the devices the node was enrolled with. */
    public Set<String> deviceKeys() {
        return devices.keySet();
    }
}
