package io.computenet.contracts.lease;

import io.computenet.contracts.Event;
import io.computenet.contracts.EventChecks;
import io.computenet.contracts.inventory.Vendor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A lease changed state. A lease holds whole devices, or (single-device leases) a slice of one: {@code sliceKind},
 * {@code sliceProfile} and {@code share} (the fraction of the device it holds and is billed for; 1 when absent, so
 * events written before slices read as whole devices). Keyed by lease id so a consumer sees one lease's changes in order.
 * {@code lease.started} carries {@code startedAt}, the instant the workload began running (metering starts there);
 * {@code lease.ended} carries {@code endedAt} and the terminal state (metering stops there). A lease that never
 * started ends with a null {@code startedAt} and is not charged. {@code interruptible} says the lease may be preempted
 * (billed at the interruptible price); absent in older events, read as false. {@code gangLeaseId} marks one node of
 * a gang lease: the event's {@code leaseId} is then the member's own id ({@code <gangLeaseId>-r<rank>}), with that
 * node's operator, devices and {@code deviceCount}, so billing meters and itemises the gang per node; every member
 * starts and ends at the same instants. Null for a lease on one node (and in older events).
 * {@code heldPricePerDeviceHour} and {@code heldPriceCurrency} are set when the lease booked a quote: billing rates it
 * at that price (per device-hour, a slice at its share) for its whole run, whatever the price book says meanwhile;
 * null otherwise (and in older events), when the price book in force at each instant applies.
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
        String reason,
        String sliceKind,
        String sliceProfile,
        BigDecimal share,
        Boolean interruptible,
        String gangLeaseId,
        BigDecimal heldPricePerDeviceHour,
        String heldPriceCurrency) implements Event {

    public static final String TYPE_SCHEDULED = "lease.scheduled";
    public static final String TYPE_STARTED = "lease.started";
    public static final String TYPE_ENDED = "lease.ended";
    public static final int SCHEMA_VERSION = 1;
    private static final Set<String> TYPES = Set.of(TYPE_SCHEDULED, TYPE_STARTED, TYPE_ENDED);

    public LeaseEvent {
        deviceKeys = deviceKeys == null ? List.of() : List.copyOf(deviceKeys);
        share = share == null ? BigDecimal.ONE : share;
        interruptible = Boolean.TRUE.equals(interruptible);
    }

    /** A whole-device lease event (no slice, share 1). */
    public LeaseEvent(String eventId, String type, int schemaVersion, Instant occurredAt, String leaseId,
                      String tenantId, LeaseState state, String region, String cluster, String nodeId,
                      String operatorId, Vendor vendor, String deviceModel, int deviceCount, long memoryMiBPerDevice,
                      List<String> deviceKeys, Instant startedAt, Instant endedAt, String reason) {
        this(eventId, type, schemaVersion, occurredAt, leaseId, tenantId, state, region, cluster, nodeId, operatorId,
                vendor, deviceModel, deviceCount, memoryMiBPerDevice, deviceKeys, startedAt, endedAt, reason, null,
                null, null, false, null, null, null);
    }

    /** A new event id for a lease change, the rest as given. */
    public static LeaseEvent of(String type, Instant occurredAt, String leaseId, String tenantId, LeaseState state,
                                String region, String cluster, String nodeId, String operatorId, Vendor vendor,
                                String deviceModel, int deviceCount, long memoryMiBPerDevice, List<String> deviceKeys,
                                Instant startedAt, Instant endedAt, String reason) {
        return of(type, occurredAt, leaseId, tenantId, state, region, cluster, nodeId, operatorId, vendor,
                deviceModel, deviceCount, memoryMiBPerDevice, deviceKeys, startedAt, endedAt, reason, null, null,
                null);
    }

    /**
     * A new event id for a lease change of a lease that may hold a slice: {@code sliceKind} (MIG, VNPU, SMLU,
     * SOFT) and {@code sliceProfile} name it, {@code share} is the fraction of each device it is billed for.
     */
    public static LeaseEvent of(String type, Instant occurredAt, String leaseId, String tenantId, LeaseState state,
                                String region, String cluster, String nodeId, String operatorId, Vendor vendor,
                                String deviceModel, int deviceCount, long memoryMiBPerDevice, List<String> deviceKeys,
                                Instant startedAt, Instant endedAt, String reason, String sliceKind,
                                String sliceProfile, BigDecimal share) {
        return of(type, occurredAt, leaseId, tenantId, state, region, cluster, nodeId, operatorId, vendor,
                deviceModel, deviceCount, memoryMiBPerDevice, deviceKeys, startedAt, endedAt, reason, sliceKind,
                sliceProfile, share, false);
    }

    /** As the slice variant, for a lease that may be preempted ({@code interruptible}) or not. */
    public static LeaseEvent of(String type, Instant occurredAt, String leaseId, String tenantId, LeaseState state,
                                String region, String cluster, String nodeId, String operatorId, Vendor vendor,
                                String deviceModel, int deviceCount, long memoryMiBPerDevice, List<String> deviceKeys,
                                Instant startedAt, Instant endedAt, String reason, String sliceKind,
                                String sliceProfile, BigDecimal share, boolean interruptible) {
        return of(type, occurredAt, leaseId, tenantId, state, region, cluster, nodeId, operatorId, vendor,
                deviceModel, deviceCount, memoryMiBPerDevice, deviceKeys, startedAt, endedAt, reason, sliceKind,
                sliceProfile, share, interruptible, null);
    }

    /** As the interruptible variant, for one member ({@code leaseId}) of the gang lease {@code gangLeaseId}, or null. */
    public static LeaseEvent of(String type, Instant occurredAt, String leaseId, String tenantId, LeaseState state,
                                String region, String cluster, String nodeId, String operatorId, Vendor vendor,
                                String deviceModel, int deviceCount, long memoryMiBPerDevice, List<String> deviceKeys,
                                Instant startedAt, Instant endedAt, String reason, String sliceKind,
                                String sliceProfile, BigDecimal share, boolean interruptible, String gangLeaseId) {
        return new LeaseEvent(UUID.randomUUID().toString(), type, SCHEMA_VERSION, occurredAt, leaseId, tenantId,
                state, region, cluster, nodeId, operatorId, vendor, deviceModel, deviceCount, memoryMiBPerDevice,
                deviceKeys, startedAt, endedAt, reason, sliceKind, sliceProfile, share, interruptible, gangLeaseId,
                null, null);
    }

    /** This event with the price its lease holds from a booked quote (null, null: none). */
    public LeaseEvent withHeldPrice(BigDecimal pricePerDeviceHour, String currency) {
        return new LeaseEvent(eventId, type, schemaVersion, occurredAt, leaseId, tenantId, state, region, cluster,
                nodeId, operatorId, vendor, deviceModel, deviceCount, memoryMiBPerDevice, deviceKeys, startedAt,
                endedAt, reason, sliceKind, sliceProfile, share, interruptible, gangLeaseId, pricePerDeviceHour,
                currency);
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
                .check(deviceCount > 0, "deviceCount: must be positive but was " + deviceCount)
                .check(share.signum() > 0 && share.compareTo(BigDecimal.ONE) <= 0,
                        "share: must be within (0, 1] but was " + share.toPlainString())
                .check(share.compareTo(BigDecimal.ONE) == 0 || deviceCount == 1,
                        "share: a slice lease holds one device but deviceCount was " + deviceCount);
        c.check((heldPricePerDeviceHour == null) == (heldPriceCurrency == null),
                        "heldPriceCurrency: a held price needs its currency, and a currency its price")
                .check(heldPricePerDeviceHour == null || heldPricePerDeviceHour.signum() >= 0,
                        "heldPricePerDeviceHour: must not be negative but was " + heldPricePerDeviceHour)
                .check(heldPriceCurrency == null || heldPriceCurrency.matches("[A-Z]{3}"),
                        "heldPriceCurrency: must be an ISO 4217 code but was " + heldPriceCurrency);
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
