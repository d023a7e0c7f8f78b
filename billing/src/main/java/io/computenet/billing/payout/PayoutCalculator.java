package io.computenet.billing.payout;

import io.computenet.billing.invoice.Corrections;
import io.computenet.billing.invoice.InvoiceGenerator;
import io.computenet.billing.invoice.LineKind;
import io.computenet.billing.invoice.UsageLine;
import io.computenet.pricing.rating.Rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The payout core: what an operator's nodes earned in a closed period, minus the platform fee. Pure; time from the
 * clock argument.
 * <ul>
 *   <li>One usage line per lease: gross = the sum of the lease's rated amounts in the period (what its tenant's invoice
 *   bills for it), so the gross of all statements equals the usage billed on all invoices.</li>
 *   <li>The fee percent is the one in force when the lease's usage in the period began (the latest change at or
 *   before it, else the default); fee = gross x percent / 100, rounded half-up to the currency's minor unit per line;
 *   net = gross - fee, so gross = net + fee holds on every line and every statement.</li>
 *   <li>Late changes to earlier issued periods are correction lines ({@link Corrections}), with the fee in force at
 *   the start of their usage.</li>
 * </ul>
 */
public final class PayoutCalculator {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private PayoutCalculator() {
    }

    /** The operator's statements for the period, one per currency, ordered by currency. */
    public static List<PayoutDraft> statements(PayoutRequest request, Clock clock) {
        Instant now = clock.instant();
        InvoiceGenerator.requireClosed(request.period(), now);
        List<Corrections.Difference> corrections = Corrections.between(request.earlierUsage(), request.paid()
                .stream().filter(p -> p.period().isBefore(request.period())).toList());
        TreeSet<String> currencies = new TreeSet<>();
        request.usage().forEach(u -> currencies.add(u.currency()));
        corrections.forEach(c -> currencies.add(c.currency()));
        List<PayoutDraft> out = new ArrayList<>();
        for (String currency : currencies) {
            int scale = Rating.scale(Currency.getInstance(currency));
            BigDecimal zero = BigDecimal.ZERO.setScale(scale);
            List<PayoutLine> lines = new ArrayList<>();
            Map<String, List<UsageLine>> byLease = new LinkedHashMap<>();
            request.usage().stream().filter(u -> u.currency().equals(currency))
                    .sorted(Comparator.comparing(UsageLine::start).thenComparing(UsageLine::leaseId))
                    .forEach(u -> byLease.computeIfAbsent(u.leaseId(), k -> new ArrayList<>()).add(u));
            for (List<UsageLine> lease : byLease.values()) {
                UsageLine first = lease.get(0);
                BigDecimal gross = lease.stream().map(UsageLine::amount).reduce(zero, BigDecimal::add);
                long seconds = lease.stream().mapToLong(UsageLine::seconds).sum();
                lines.add(line(lines.size() + 1, LineKind.USAGE, first.leaseId(), first.period(), first, seconds, gross,
                        feeAt(request, first.start()), scale));
            }
            for (Corrections.Difference d : corrections) {
                if (d.currency().equals(currency)) {
                    Instant at = d.example() != null ? d.example().start() : InvoiceGenerator.start(d.period());
                    lines.add(line(lines.size() + 1, LineKind.CORRECTION, d.leaseId(), d.period(), d.example(),
                            d.seconds(), d.amount().setScale(scale, RoundingMode.HALF_UP), feeAt(request, at), scale));
                }
            }
            BigDecimal gross = lines.stream().map(PayoutLine::gross).reduce(zero, BigDecimal::add);
            BigDecimal fee = lines.stream().map(PayoutLine::fee).reduce(zero, BigDecimal::add);
            out.add(new PayoutDraft(request.operatorId(), request.period(), currency, now, lines, gross, fee,
                    gross.subtract(fee)));
        }
        return out;
    }

    /** The fee percent in force at an instant: the latest change at or before it, else the default. */
    static BigDecimal feeAt(PayoutRequest request, Instant at) {
        return request.fees().stream().filter(f -> !f.from().isAfter(at))
                .max(Comparator.comparing(FeeChange::from)).map(FeeChange::percent)
                .orElse(request.defaultFeePercent());
    }

    private static PayoutLine line(int lineNo, LineKind kind, String leaseId, java.time.YearMonth usagePeriod,
                                   UsageLine example, long seconds, BigDecimal gross, BigDecimal percent, int scale) {
        BigDecimal fee = gross.multiply(percent).divide(HUNDRED, scale, RoundingMode.HALF_UP);
        return new PayoutLine(lineNo, kind, leaseId, example == null ? null : example.tenantId(), usagePeriod,
                example == null ? null : example.deviceModel(), example == null ? null : example.sliceLabel(),
                seconds, gross, percent, fee, gross.subtract(fee));
    }
}
