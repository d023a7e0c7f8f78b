package io.computenet.contracts.usage;

import io.computenet.contracts.Event;
import io.computenet.contracts.EventChecks;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** One usage sample of one device serving a lease ({@code lease.usage}), keyed by lease id. */
public record UsageEvent(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String leaseId,
        String nodeId,
        String deviceKey,
        Double utilizationPct,
        Long memoryUsedMiB) implements Event {

    public static final String TYPE = "lease.usage";
    public static final int SCHEMA_VERSION = 1;

    public static UsageEvent sample(Instant at, String leaseId, String nodeId, String deviceKey, Double utilizationPct,
                                    Long memoryUsedMiB) {
        return new UsageEvent(UUID.randomUUID().toString(), TYPE, SCHEMA_VERSION, at, leaseId, nodeId, deviceKey,
                utilizationPct, memoryUsedMiB);
    }

    @Override
    public String key() {
        return leaseId;
    }

    @Override
    public List<String> problems() {
        return EventChecks.envelope(this, SCHEMA_VERSION, Set.of(TYPE))
                .notBlank("leaseId", leaseId)
                .notBlank("nodeId", nodeId)
                .notBlank("deviceKey", deviceKey)
                .check(utilizationPct == null || (utilizationPct >= 0 && utilizationPct <= 100),
                        "utilizationPct: must be within 0..100 but was " + utilizationPct)
                .check(memoryUsedMiB == null || memoryUsedMiB >= 0, "memoryUsedMiB: must not be negative")
                .problems();
    }
}
