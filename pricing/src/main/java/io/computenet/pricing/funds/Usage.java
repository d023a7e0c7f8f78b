package io.computenet.pricing.funds;

import io.computenet.contracts.inventory.Vendor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * What a lease has cost so far, to be paid from its tenant's funds: the rated amount up to {@code at} (its charge's
 * accrual instant), where it ran and in which currency.
 */
public record Usage(String leaseId, String region, Vendor vendor, Currency currency, BigDecimal amount, Instant at) {

    public Usage {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(at, "at");
    }
}
