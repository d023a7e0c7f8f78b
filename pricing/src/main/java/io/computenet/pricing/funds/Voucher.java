package io.computenet.pricing.funds;

import io.computenet.contracts.inventory.Vendor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * A compute credit (算力券) as far as drawing is concerned: what is left of it, in which currency, until when and
 * where it may be spent.
 *
 * @param expiresAt the first instant it may no longer be used
 */
public record Voucher(String id, Currency currency, BigDecimal remaining, Instant expiresAt, VoucherScope scope) {

    public Voucher {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(remaining, "remaining");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scope = scope == null ? VoucherScope.ALL : scope;
    }

    /** Whether usage at {@code at} in this region on this vendor's devices, in this currency, may be drawn from it. */
    public boolean appliesTo(Currency usageCurrency, String region, Vendor vendor, Instant at) {
        return currency.equals(usageCurrency) && at.isBefore(expiresAt) && scope.covers(region, vendor);
    }

    /** Whether it applies and has something left. */
    public boolean usableFor(Currency usageCurrency, String region, Vendor vendor, Instant at) {
        return remaining.signum() > 0 && appliesTo(usageCurrency, region, vendor, at);
    }

    Voucher less(BigDecimal amount) {
        return new Voucher(id, currency, remaining.subtract(amount), expiresAt, scope);
    }
}
