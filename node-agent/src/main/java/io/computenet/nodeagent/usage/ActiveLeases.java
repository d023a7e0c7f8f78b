package io.computenet.nodeagent.usage;

import io.computenet.contracts.lease.LeaseAssignment;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running leases, built from the lease assignments (the agent samples those on its own nodes):
 * {@code lease.assigned} adds a lease, {@code lease.unassigned} removes it. Replaying the topic from the start
 * rebuilds it after a restart; applying a record twice changes nothing.
 */
public final class ActiveLeases {

    /** A running lease on one of this agent's nodes. */
    public record ActiveLease(String leaseId, String nodeId, List<String> deviceKeys, long memoryMiBPerDevice) {
    }

    private final Map<String, ActiveLease> active = new ConcurrentHashMap<>();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    public void apply(LeaseAssignment assignment) {
        switch (assignment.type()) {
            case LeaseAssignment.TYPE_ASSIGNED -> {
                if (!ended.contains(assignment.leaseId())) {
                    active.put(assignment.leaseId(), new ActiveLease(assignment.leaseId(), assignment.nodeId(),
                            assignment.deviceKeys(), assignment.memoryMiBPerDevice()));
                }
            }
            case LeaseAssignment.TYPE_UNASSIGNED -> {
                ended.add(assignment.leaseId());
                active.remove(assignment.leaseId());
            }
            default -> throw new IllegalArgumentException("unknown lease assignment type " + assignment.type());
        }
    }

    public List<ActiveLease> all() {
        return List.copyOf(active.values());
    }
}
