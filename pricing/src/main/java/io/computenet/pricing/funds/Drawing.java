package io.computenet.pricing.funds;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides how a lease's rated amount is paid from its tenant's funds. Pure: funds and the lease's earlier draws in,
 * the new draws out.
 * <ul>
 *   <li>Only the delta is drawn: the usage's amount minus what the lease's draws so far add up to. Following the same
 *   amount again (a re-run accrual, a redelivered event, a replay) draws nothing.</li>
 *   <li>A positive delta is taken from the vouchers that apply (same currency, not expired at the usage's instant,
 *   scope covering its region and vendor, something left), the earliest-expiring first (ties by id), each up to what
 *   is left of it; the rest from the balance, which may go negative (the usage happened; the tenant owes it).</li>
 *   <li>A negative delta (the charge was cut back) gives back to the sources the lease drew from, the most recently
 *   first used source first, each up to what the lease took from it net.</li>
 * </ul>
 * Amounts are never rounded here: the rated amounts already are (to the currency's minor unit), and draws only split
 * them.
 */
public final class Drawing {

    private static final Comparator<Voucher> EARLIEST_EXPIRING_FIRST =
            Comparator.comparing(Voucher::expiresAt).thenComparing(Voucher::id);

    private Drawing() {
    }

    /**
     * The draws that bring the lease's drawn total to the usage's amount.
     *
     * @param earlier the lease's draws so far, oldest first (all in the usage's currency)
     * @param funds   the tenant's funds in the usage's currency
     */
    public static List<Draw> follow(Usage usage, List<Draw> earlier, Funds funds) {
        if (!funds.currency().equals(usage.currency())) {
            throw new IllegalArgumentException("funds in " + funds.currency() + " cannot pay usage in "
                    + usage.currency());
        }
        BigDecimal drawn = earlier.stream().map(Draw::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal delta = usage.amount().subtract(drawn);
        if (delta.signum() > 0) {
            return take(usage, delta, funds);
        }
        if (delta.signum() < 0) {
            return giveBack(delta.negate(), earlier);
        }
        return List.of();
    }

    private static List<Draw> take(Usage usage, BigDecimal delta, Funds funds) {
        List<Draw> draws = new ArrayList<>();
        BigDecimal left = delta;
        List<Voucher> usable = funds.vouchers().stream()
                .filter(v -> v.usableFor(usage.currency(), usage.region(), usage.vendor(), usage.at()))
                .sorted(EARLIEST_EXPIRING_FIRST).toList();
        for (Voucher v : usable) {
            if (left.signum() == 0) {
                break;
            }
            BigDecimal part = left.min(v.remaining());
            draws.add(new Draw(v.id(), part));
            left = left.subtract(part);
        }
        if (left.signum() > 0) {
            draws.add(Draw.fromBalance(left));
        }
        return draws;
    }

    private static List<Draw> giveBack(BigDecimal amount, List<Draw> earlier) {
        // the net each source gave, in the order the lease first used them; the balance keyed by ""
        Map<String, BigDecimal> net = new LinkedHashMap<>();
        for (Draw d : earlier) {
            net.merge(d.fromBalance() ? "" : d.voucherId(), d.amount(), BigDecimal::add);
        }
        List<Map.Entry<String, BigDecimal>> sources = new ArrayList<>(net.entrySet());
        List<Draw> draws = new ArrayList<>();
        BigDecimal left = amount;
        for (int i = sources.size() - 1; i >= 0 && left.signum() > 0; i--) {
            BigDecimal gave = sources.get(i).getValue();
            if (gave.signum() <= 0) {
                continue;
            }
            BigDecimal part = left.min(gave);
            String source = sources.get(i).getKey();
            draws.add(new Draw(source.isEmpty() ? null : source, part.negate()));
            left = left.subtract(part);
        }
        if (left.signum() > 0) {
            // cannot happen while earlier draws add up to more than the new amount; kept whole rather than lost
            draws.add(Draw.fromBalance(left.negate()));
        }
        return draws;
    }
}
