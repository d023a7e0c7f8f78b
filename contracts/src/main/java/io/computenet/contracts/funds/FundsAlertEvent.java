package io.computenet.contracts.funds;

import io.computenet.contracts.Event;
import io.computenet.contracts.EventChecks;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A prepaid tenant's funds fell to or below a configured threshold ({@code funds.low}; threshold 0: exhausted),
 * keyed by tenant id on {@code computenet.funds-alerts.v1}: for notifications. {@code available} is what was left to
 * spend anywhere (positive balance plus unexpired vouchers) when it crossed.
 */
public record FundsAlertEvent(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String tenantId,
        String currency,
        BigDecimal threshold,
        BigDecimal available,
        BigDecimal balance) implements Event {

    public static final String TYPE = "funds.low";
    public static final int SCHEMA_VERSION = 1;

    public static FundsAlertEvent of(String eventId, Instant at, String tenantId, String currency,
                                     BigDecimal threshold, BigDecimal available, BigDecimal balance) {
        return new FundsAlertEvent(eventId == null ? UUID.randomUUID().toString() : eventId, TYPE, SCHEMA_VERSION,
                at, tenantId, currency, threshold, available, balance);
    }

    @Override
    public String key() {
        return tenantId;
    }

    @Override
    public List<String> problems() {
        return EventChecks.envelope(this, SCHEMA_VERSION, Set.of(TYPE))
                .notBlank("tenantId", tenantId)
                .notBlank("currency", currency)
                .notNull("threshold", threshold)
                .notNull("available", available)
                .problems();
    }
}
