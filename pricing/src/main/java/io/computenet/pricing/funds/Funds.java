package io.computenet.pricing.funds;

import io.computenet.contracts.inventory.Vendor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's funds in one currency: the prepaid balance (negative when usage ran past it: the tenant owes that) and
 * its vouchers.
 */
public record Funds(Currency currency, BigDecimal balance, List<Voucher> vouchers) {

    public Funds {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(balance, "balance");
        vouchers = List.copyOf(vouchers);
    }

    /**
     * What usage at {@code at} in this region on this vendor's devices can still be paid with: the positive balance
     * plus what is left of the vouchers that apply there and then.
     */
    public BigDecimal available(String region, Vendor vendor, Instant at) {
        BigDecimal sum = balance.max(BigDecimal.ZERO);
        for (Voucher v : vouchers) {
            if (v.usableFor(currency, region, vendor, at)) {
                sum = sum.add(v.remaining());
            }
        }
        return sum;
    }

    /** Whether anything is left for usage at {@code at} in this region on this vendor's devices. */
    public boolean covers(String region, Vendor vendor, Instant at) {
        return available(region, vendor, at).signum() > 0;
    }

    /** These funds after the draws (each taken from its voucher or the balance). */
    public Funds after(List<Draw> draws) {
        BigDecimal newBalance = balance;
        List<Voucher> newVouchers = new ArrayList<>(vouchers);
        for (Draw d : draws) {
            if (d.fromBalance()) {
                newBalance = newBalance.subtract(d.amount());
                continue;
            }
            int i = indexOf(newVouchers, d.voucherId());
            if (i < 0) {
                throw new IllegalArgumentException("no voucher " + d.voucherId() + " in these funds");
            }
            newVouchers.set(i, newVouchers.get(i).less(d.amount()));
        }
        return new Funds(currency, newBalance, newVouchers);
    }

    private static int indexOf(List<Voucher> vouchers, String id) {
        for (int i = 0; i < vouchers.size(); i++) {
            if (vouchers.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
