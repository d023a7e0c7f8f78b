package io.computenet.contracts.lease;

import io.computenet.contracts.Event;
import io.computenet.contracts.EventChecks;
import io.computenet.contracts.inventory.Vendor;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A lease changed state. Keyed by lease id so a consumer sees one lease's changes in order.
 * {@code lease.started} carries {@code startedAt}, the instant the workload began running (metering starts there);
 * {@code lease.ended} carries {@code endedAt} and the terminal state (metering stops there). A lease that never
 * started ends with a null {@code startedAt} and is not charged.
 */
public record LeaseEvent(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String leaseId,
        String tenantId,
        LeaseState state,
        String region,
        String cluster,
        String nodeId,
        String operatorId,
        Vendor vendor,
        String deviceModel,
        int deviceCount,
        long memoryMiBPerDevice,
        List<String> deviceKeys,
        Instant startedAt,
        Instant endedAt,
        String reason) implements Event {

    public static final String TYPE_SCHEDULED = "lease.scheduled";
    public static final String TYPE_STARTED = "lease.started";
    public static final String TYPE_ENDED = "lease.ended";
    public static final int SCHEMA_VERSION = 1;
    private static final Set<String> TYPES = Set.of(TYPE_SCHEDULED, TYPE_STARTED, TYPE_ENDED);

    public LeaseEvent {
        deviceKeys = deviceKeys == null ? List.of() : List.copyOf(deviceKeys);
    }

    /** A new event id for a lease change, the rest as given. */
    public static LeaseEvent of(String type, Instant occurredAt, String leaseId, String tenantId, LeaseState state,
                                String region, String cluster, String nodeId, String operatorId, Vendor vendor,
                                String deviceModel, int deviceCount, long memoryMiBPerDevice, List<String> deviceKeys,
                                Instant startedAt, Instant endedAt, String reason) {
        return new LeaseEvent(UUID.randomUUID().toString(), type, SCHEMA_VERSION, occurredAt, leaseId, tenantId,
                state, region, cluster, nodeId, operatorId, vendor, deviceModel, deviceCount, memoryMiBPerDevice,
                deviceKeys, startedAt, endedAt, reason);
    }

    @Override
    public String key() {
        return leaseId;
    }

    @Override
    public List<String> problems() {
        var c = EventChecks.envelope(this, SCHEMA_VERSION, TYPES)
                .notBlank("leaseId", leaseId)
                .notBlank("tenantId", tenantId)
                .notNull("state", state)
                .notBlank("region", region)
                .notBlank("nodeId", nodeId)
                .notBlank("operatorId", operatorId)
                .notNull("vendor", vendor)
                .notBlank("deviceModel", deviceModel)
                .check(deviceCount > 0, "deviceCount: must be positive but was " + deviceCount);
        if (TYPE_STARTED.equals(type)) {
            c.notNull("startedAt", startedAt);
        }
        if (TYPE_ENDED.equals(type)) {
            c.notNull("endedAt", endedAt)
                    .check(state == null || state.isTerminal(), "state: lease.ended needs a terminal state but was " + state);
            if (startedAt != null && endedAt != null) {
                c.check(!endedAt.isBefore(startedAt), "endedAt: must not be before startedAt");
            }
        }
        return c.problems();
    }
}
