package io.computenet.pricing.funds;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount taken from one source of a tenant's funds for a lease's usage: a voucher ({@code voucherId}) or the
 * prepaid balance ({@code voucherId} null). A negative amount gives back what an earlier draw took (the lease's charge
 * was cut back, e.g. its end arrived after an accrual beyond it).
 */
public record Draw(String voucherId, BigDecimal amount) {

    public Draw {
        Objects.requireNonNull(amount, "amount");
    }

    public static Draw fromBalance(BigDecimal amount) {
        return new Draw(null, amount);
    }

    public boolean fromBalance() {
        return voucherId == null;
    }
}
