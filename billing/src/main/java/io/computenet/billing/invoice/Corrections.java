package io.computenet.billing.invoice;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Late changes to periods already billed, as differences: for each lease, usage period and currency, the usage rated
 * now minus what issued documents billed for it. A late lease event for an invoiced period changes the charge lines
 * (metering keeps them current); the issued documents never change, and the difference is billed as a correction on
 * the next one. Pure: the invoice and the payout cores both use it.
 */
public final class Corrections {

    private Corrections() {
    }

    /**
     * One non-zero difference.
     *
     * @param example   a current usage line of the lease in that period (its lease's attributes), or null when
     *                  nothing is rated there any more
     * @param unitPrice the price per device-hour of the corrected usage when all of it, as rated now, is at one
     *                  price; null when it is at several (a price change in the period) or nothing is rated any more
     */
    public record Difference(String leaseId, YearMonth period, String operatorId, String currency, long seconds,
                             BigDecimal amount, UsageLine example, BigDecimal unitPrice) {
    }

    private record Key(String leaseId, YearMonth period, String currency) {
    }

    /**
     * The differences between the usage rated now in earlier, already billed periods and what was billed for it,
     * ordered by period and lease; keys where both agree are left out.
     */
    public static List<Difference> between(List<UsageLine> current, List<BilledUsage> billed) {
        Map<Key, Difference> byKey = new LinkedHashMap<>();
        for (UsageLine u : current) {
            byKey.merge(new Key(u.leaseId(), u.period(), u.currency()),
                    new Difference(u.leaseId(), u.period(), u.operatorId(), u.currency(), u.seconds(), u.amount(), u,
                            u.pricePerDeviceHour()),
                    Corrections::plus);
        }
        for (BilledUsage b : billed) {
            byKey.merge(new Key(b.leaseId(), b.period(), b.currency()),
                    new Difference(b.leaseId(), b.period(), b.operatorId(), b.currency(), -b.seconds(),
                            b.amount().negate(), null, null),
                    Corrections::plus);
        }
        List<Difference> out = new ArrayList<>();
        for (Difference d : byKey.values()) {
            if (d.seconds() != 0 || d.amount().signum() != 0) {
                out.add(d);
            }
        }
        out.sort(Comparator.comparing(Difference::period).thenComparing(Difference::leaseId)
                .thenComparing(Difference::currency));
        return out;
    }

    private static Difference plus(Difference a, Difference b) {
        return new Difference(a.leaseId(), a.period(), Objects.requireNonNullElse(a.operatorId(), b.operatorId()),
                a.currency(), a.seconds() + b.seconds(), a.amount().add(b.amount()),
                a.example() != null ? a.example() : b.example(), unitPrice(a, b));
    }

    /**
     * The one price of the current usage lines merged so far: a billed baseline ({@code example} null) names none and
     * keeps it; two current lines at different prices leave none.
     */
    private static BigDecimal unitPrice(Difference a, Difference b) {
        if (a.example() == null) {
            return b.unitPrice();
        }
        if (b.example() == null) {
            return a.unitPrice();
        }
        return a.unitPrice() != null && b.unitPrice() != null && a.unitPrice().compareTo(b.unitPrice()) == 0
                ? a.unitPrice() : null;
    }
}
