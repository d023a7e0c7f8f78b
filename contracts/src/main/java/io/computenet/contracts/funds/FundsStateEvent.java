package io.computenet.contracts.funds;

import io.computenet.contracts.Event;
import io.computenet.contracts.EventChecks;
import io.computenet.contracts.inventory.Vendor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A prepaid tenant's funds as billing holds them after a change ({@code funds.state}), keyed by tenant id on the
 * compacted {@code computenet.funds-state.v1}: the latest record per tenant is all a consumer needs. {@code version}
 * grows with every change of the tenant's funds, so a consumer keeps the highest it has seen and ignores older or
 * repeated records. Only tenants with a top-up or a voucher are prepaid and have this state; the others are not
 * limited by funds.
 *
 * @param balance  the prepaid balance in {@code currency} (negative: usage ran past it)
 * @param vouchers the vouchers in that currency with something left (whether expired or not: readers decide by time)
 */
public record FundsStateEvent(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String tenantId,
        long version,
        String currency,
        BigDecimal balance,
        List<VoucherState> vouchers) implements Event {

    public static final String TYPE = "funds.state";
    public static final int SCHEMA_VERSION = 1;

    /** What is left of one voucher, until when and where it may be spent (region, vendor null: any). */
    public record VoucherState(String id, BigDecimal remaining, Instant expiresAt, String region, Vendor vendor) {
    }

    public FundsStateEvent {
        vouchers = vouchers == null ? List.of() : List.copyOf(vouchers);
    }

    public static FundsStateEvent of(Instant at, String tenantId, long version, String currency, BigDecimal balance,
                                     List<VoucherState> vouchers) {
        return new FundsStateEvent(UUID.randomUUID().toString(), TYPE, SCHEMA_VERSION, at, tenantId, version,
                currency, balance, vouchers);
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
                .notNull("balance", balance)
                .check(version > 0, "version: must be positive but was " + version)
                .check(vouchers.stream().allMatch(v -> v != null && v.id() != null && v.remaining() != null
                        && v.expiresAt() != null), "vouchers: each needs id, remaining and expiresAt")
                .problems();
    }
}
