package io.computenet.contracts.inference;

import io.computenet.contracts.Event;
import io.computenet.contracts.EventChecks;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What one API key of one inference endpoint was served in one window of the gateway's traffic reports
 * ({@code endpoint.usage}): requests and the prompt and completion tokens the replicas' answers counted, keyed by
 * endpoint id. The scheduler publishes one per endpoint and key of each report it accepts; its event id is derived
 * from the report id, the endpoint and the key, so a report the gateway sent twice is counted once everywhere.
 * {@code occurredAt} is the window's end.
 */
public record EndpointUsageEvent(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String tenantId,
        String endpointId,
        String endpointName,
        String keyId,
        Instant windowStart,
        long requests,
        long promptTokens,
        long completionTokens) implements Event {

    public static final String TYPE = "endpoint.usage";
    public static final int SCHEMA_VERSION = 1;

    /** The usage of {@code keyId} in the gateway's report {@code reportId}. */
    public static EndpointUsageEvent of(String reportId, String tenantId, String endpointId, String endpointName,
                                        String keyId, Instant windowStart, Instant windowEnd, long requests,
                                        long promptTokens, long completionTokens) {
        return new EndpointUsageEvent(reportId + ":" + endpointId + ":" + keyId, TYPE, SCHEMA_VERSION, windowEnd,
                tenantId, endpointId, endpointName, keyId, windowStart, requests, promptTokens, completionTokens);
    }

    @Override
    public String key() {
        return endpointId;
    }

    @Override
    public List<String> problems() {
        return EventChecks.envelope(this, SCHEMA_VERSION, Set.of(TYPE))
                .notBlank("tenantId", tenantId)
                .notBlank("endpointId", endpointId)
                .notBlank("endpointName", endpointName)
                .notBlank("keyId", keyId)
                .check(windowStart != null, "windowStart: is required")
                .check(windowStart == null || occurredAt == null || !windowStart.isAfter(occurredAt),
                        "windowStart: must not be after the window's end (occurredAt)")
                .check(requests >= 0, "requests: must not be negative but was " + requests)
                .check(promptTokens >= 0, "promptTokens: must not be negative but was " + promptTokens)
                .check(completionTokens >= 0,
                        "completionTokens: must not be negative but was " + completionTokens)
                .check(requests > 0 || (promptTokens == 0 && completionTokens == 0),
                        "tokens without a request: requests must be positive when tokens are counted")
                .problems();
    }
}
