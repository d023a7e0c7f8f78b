package io.computenet.scheduler.identity;

import java.time.Instant;
import java.util.Optional;

/**
 * What enrolment needs of the inventory's node rows: opening a node to scheduling again or closing it, and when its
 * agent was last heard. Declared here and implemented by the inventory package, which owns those rows, so that
 * identity does not depend on the inventory (the inventory checks its records against identities).
 */
public interface NodeRecords {

    /** Sets whether the node, if the inventory knows it, may be scheduled onto (in the caller's transaction). */
    void setSchedulable(String nodeId, boolean schedulable);

    /** When the node's agent was last heard; empty when the inventory does not know the node. */
    Optional<Instant> lastSeenAt(String nodeId);
}
