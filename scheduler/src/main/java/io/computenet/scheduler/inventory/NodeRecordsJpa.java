package io.computenet.scheduler.inventory;

import io.computenet.scheduler.identity.NodeRecords;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/** The inventory's node rows as enrolment sees them (Panache, in the caller's transaction). */
@ApplicationScoped
public class NodeRecordsJpa implements NodeRecords {

    @Override
    public void setSchedulable(String nodeId, boolean schedulable) {
        NodeEntity node = NodeEntity.findById(nodeId);
        if (node != null) {
            node.schedulable = schedulable;
        }
    }

    @Override
    public Optional<Instant> lastSeenAt(String nodeId) {
        NodeEntity node = NodeEntity.findById(nodeId);
        return node == null ? Optional.empty() : Optional.ofNullable(node.lastSeenAt);
    }
}
