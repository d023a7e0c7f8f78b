package io.computenet.billing.invoice;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The tax an invoice carries as its own line: a label (e.g. {@code VAT}) and a rate as a fraction ({@code 0.06} for
 * 6 %).
 */
public record TaxRule(String label, BigDecimal rate) {

    public TaxRule {
        Objects.requireNonNull(label, "label");
        if (rate == null || rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("tax rate must be a fraction from 0 (inclusive) to 1, was " + rate);
        }
    }

    /** The rate in percent, as printed: {@code 6}. */
    public BigDecimal percent() {
        return rate.movePointRight(2).stripTrailingZeros();
    }
}
