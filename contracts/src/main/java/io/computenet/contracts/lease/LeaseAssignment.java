package io.computenet.contracts.lease;

import io.computenet.contracts.Event;
import io.computenet.contracts.EventChecks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a node agent needs to know about the leases on its node, and nothing more: {@code lease.assigned} (these
 * devices of this node serve this running lease, with its memory per device, which the simulation uses) and
 * {@code lease.unassigned} (the lease ended). Keyed by node id, so one node's assignments keep their order; no tenant,
 * price, region or reason, unlike the {@link LeaseEvent} it is derived from ({@link #of(LeaseEvent)}).
 */
public record LeaseAssignment(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String nodeId,
        String leaseId,
        List<String> deviceKeys,
        long memoryMiBPerDevice) implements Event {

    public static final String TYPE_ASSIGNED = "lease.assigned";
    public static final String TYPE_UNASSIGNED = "lease.unassigned";
    public static final int SCHEMA_VERSION = 1;
    private static final Set<String> TYPES = Set.of(TYPE_ASSIGNED, TYPE_UNASSIGNED);

    public LeaseAssignment {
        deviceKeys = deviceKeys == null ? List.of() : List.copyOf(deviceKeys);
    }

    /**
     * The assignment a lease event means for its node: {@code lease.started} assigns the lease's devices,
     * {@code lease.ended} of a lease placed on a node unassigns them, {@code lease.scheduled} means nothing to the
     * agent yet (the lease does not run). The event id follows from the lease event's, so deriving twice gives the
     * same record.
     */
    public static Optional<LeaseAssignment> of(LeaseEvent event) {
        if (event.nodeId() == null) {
            return Optional.empty();
        }
        String type = switch (event.type()) {
            case LeaseEvent.TYPE_STARTED -> TYPE_ASSIGNED;
            case LeaseEvent.TYPE_ENDED -> TYPE_UNASSIGNED;
            default -> null;
        };
        if (type == null) {
            return Optional.empty();
        }
        String id = UUID.nameUUIDFromBytes(("assignment:" + event.eventId()).getBytes(StandardCharsets.UTF_8))
                .toString();
        return Optional.of(new LeaseAssignment(id, type, SCHEMA_VERSION, event.occurredAt(), event.nodeId(),
                event.leaseId(), event.deviceKeys(), event.memoryMiBPerDevice()));
    }

    @Override
    public String key() {
        return nodeId;
    }

    @Override
    public List<String> problems() {
        return EventChecks.envelope(this, SCHEMA_VERSION, TYPES)
                .notBlank("nodeId", nodeId)
                .notBlank("leaseId", leaseId)
                .check(!TYPE_ASSIGNED.equals(type) || !deviceKeys.isEmpty(),
                        "deviceKeys: lease.assigned must name at least one device")
                .check(memoryMiBPerDevice >= 0, "memoryMiBPerDevice: must not be negative")
                .problems();
    }
}
