package io.computenet.billing.invoice;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A credit to apply to an invoice, e.g. what a voucher (算力券) paid of the tenant's usage in the period. Credits are an
 * input of the invoice core: who grants and draws them (vouchers, balances) is decided elsewhere.
 *
 * @param reference   the credit's id at its source (a voucher id), shown on the invoice
 * @param description what people read, e.g. the voucher's name
 * @param amount      positive; the invoice subtracts it
 */
public record Credit(String reference, String description, BigDecimal amount, String currency) {

    public Credit {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(currency, "currency");
        if (amount == null || amount.signum() < 0) {
            throw new IllegalArgumentException("credit " + reference + ": amount must be zero or positive, was "
                    + amount);
        }
    }
}
