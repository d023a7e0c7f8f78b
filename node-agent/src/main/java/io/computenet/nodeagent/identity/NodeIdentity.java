package io.computenet.nodeagent.identity;

import java.time.Instant;

/**
 * What the agent received when it exchanged its enrolment token: the node id every record carries, the credential
 * it signs them with, and the scope the operator's token fixed.
 */
public record NodeIdentity(String nodeId, String credential, String organisation, String region, String cluster,
                           Instant enrolledAt) {

    public NodeIdentity {
        require("nodeId", nodeId);
        require("credential", credential);
        require("organisation", organisation);
        require("region", region);
        require("cluster", cluster);
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("node identity without " + field);
        }
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + nodeId + " " + organisation + "/" + region + "/" + cluster + "]"; // no credential
    }
}
