package io.computenet.billing.invoice;

import io.computenet.pricing.rating.Rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The invoice core: from a tenant's rated usage of a closed month, the late changes to months already invoiced and the
 * credits to apply, the invoices to issue (one per currency the tenant was charged in). No side effects; time from the
 * clock argument.
 * <ul>
 *   <li><b>Usage lines</b>: one per lease (its slice kind, device, region and operator on the line), the sum of the
 *   lease's rated lines in the period: seconds and amounts as metering rated them (each already rounded half-up to the
 *   currency's minor unit), so the invoice adds up to the charges exactly.</li>
 *   <li><b>Correction lines</b>: per lease and earlier period, what is rated now minus what issued invoices billed
 *   ({@link Corrections}); never a change to an issued invoice.</li>
 *   <li><b>Credit lines</b>: in the order given, each applied up to what is left of the subtotal (an invoice is never
 *   pushed below zero by credits), as negative amounts; credits in another currency are not applied.</li>
 *   <li><b>Tax line</b>: rate x (subtotal + credits), rounded half-up once to the currency's minor unit.</li>
 *   <li><b>Total</b> = subtotal + credits + tax. A month with neither usage nor corrections yields no invoice.</li>
 * </ul>
 */
public final class InvoiceGenerator {

    private InvoiceGenerator() {
    }

    /**
     * The invoices for the request, ordered by currency.
     *
     * @throws PeriodNotClosedException when the period has not ended yet at the clock's instant
     */
    public static List<InvoiceDraft> generate(InvoiceRequest request, Clock clock) {
        Instant now = clock.instant();
        requireClosed(request.period(), now);
        // only earlier months are corrected here: what was billed for this month or later is not this invoice's
        List<Corrections.Difference> corrections = Corrections.between(request.earlierUsage(), request.billed()
                .stream().filter(b -> b.period().isBefore(request.period())).toList());
        TreeSet<String> currencies = new TreeSet<>();
        request.usage().forEach(u -> currencies.add(u.currency()));
        corrections.forEach(c -> currencies.add(c.currency()));
        List<InvoiceDraft> drafts = new ArrayList<>();
        for (String currency : currencies) {
            drafts.add(draft(request, currency, corrections, now));
        }
        return drafts;
    }

    /**
     * The rated stretches each usage line of {@code draft} sums ({@code usage} is the request's usage: the lines of
     * the draft's currency, per lease), numbered within their line by start; stored with the invoice so that the
     * issued month can be exported as it was billed.
     */
    public static List<InvoicedStretch> stretches(InvoiceDraft draft, List<UsageLine> usage) {
        Map<String, Integer> lineOfLease = new LinkedHashMap<>();
        draft.lines(LineKind.USAGE).forEach(l -> lineOfLease.put(l.leaseId(), l.lineNo()));
        List<InvoicedStretch> out = new ArrayList<>();
        for (List<UsageLine> lease : byLease(usage.stream().filter(u -> u.currency().equals(draft.currency())))) {
            Integer lineNo = lineOfLease.get(lease.get(0).leaseId());
            if (lineNo == null) {
                throw new IllegalArgumentException("lease " + lease.get(0).leaseId() + " has no usage line on the"
                        + " draft");
            }
            int seq = 0;
            for (UsageLine u : lease) {
                out.add(new InvoicedStretch(lineNo, ++seq, u));
            }
        }
        return out;
    }

    /** The first instant after the period (UTC). */
    public static Instant end(YearMonth period) {
        return period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant of the period (UTC). */
    public static Instant start(YearMonth period) {
        return period.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** @throws PeriodNotClosedException when the period has not ended at {@code now} */
    public static void requireClosed(YearMonth period, Instant now) {
        if (now.isBefore(end(period))) {
            throw new PeriodNotClosedException(period, end(period));
        }
    }

    private static InvoiceDraft draft(InvoiceRequest request, String currency,
                                      List<Corrections.Difference> allCorrections, Instant now) {
        int scale = Rating.scale(Currency.getInstance(currency));
        BigDecimal zero = BigDecimal.ZERO.setScale(scale);
        List<InvoiceLine> lines = new ArrayList<>();
        for (List<UsageLine> lease : byLease(request.usage().stream().filter(u -> u.currency().equals(currency)))) {
            lines.add(usageLine(lines.size() + 1, lease, scale));
        }
        for (Corrections.Difference d : allCorrections) {
            if (d.currency().equals(currency)) {
                lines.add(correctionLine(lines.size() + 1, d, scale));
            }
        }
        BigDecimal subtotal = lines.stream().map(InvoiceLine::amount).reduce(zero, BigDecimal::add);
        BigDecimal left = subtotal.max(zero);
        BigDecimal credits = zero;
        for (Credit c : request.credits()) {
            if (!c.currency().equals(currency) || left.signum() == 0) {
                continue;
            }
            BigDecimal applied = c.amount().setScale(scale, RoundingMode.HALF_UP).min(left);
            if (applied.signum() == 0) {
                continue;
            }
            left = left.subtract(applied);
            credits = credits.subtract(applied);
            lines.add(new InvoiceLine(lines.size() + 1, LineKind.CREDIT, null, null, null, null, null, null, 0, 0,
                    null, c.reference(), c.description() == null ? "Credit " + c.reference() : c.description(),
                    applied.negate()));
        }
        BigDecimal taxBase = subtotal.add(credits);
        TaxRule rule = request.taxRule();
        BigDecimal tax = taxBase.multiply(rule.rate()).setScale(scale, RoundingMode.HALF_UP);
        lines.add(new InvoiceLine(lines.size() + 1, LineKind.TAX, null, null, null, null, null, null, 0, 0, null,
                null, rule.label() + " " + rule.percent().toPlainString() + " %", tax));
        return new InvoiceDraft(request.tenantId(), request.period(), currency, now, lines, subtotal, credits, taxBase,
                rule, tax, taxBase.add(tax));
    }

    /** Lines grouped per lease, leases in the order they started (then by id). */
    private static List<List<UsageLine>> byLease(Stream<UsageLine> usage) {
        Map<String, List<UsageLine>> byLease = new LinkedHashMap<>();
        usage.sorted(Comparator.comparing(UsageLine::start, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(UsageLine::leaseId))
                .forEach(u -> byLease.computeIfAbsent(u.leaseId(), k -> new ArrayList<>()).add(u));
        return new ArrayList<>(byLease.values());
    }

    private static InvoiceLine usageLine(int lineNo, List<UsageLine> lease, int scale) {
        UsageLine first = lease.get(0);
        long seconds = lease.stream().mapToLong(UsageLine::seconds).sum();
        BigDecimal amount = lease.stream().map(UsageLine::amount).reduce(BigDecimal.ZERO.setScale(scale),
                BigDecimal::add);
        List<BigDecimal> prices = lease.stream().map(UsageLine::pricePerDeviceHour).distinct().toList();
        BigDecimal unitPrice = prices.size() == 1 ? prices.get(0) : null;
        return new InvoiceLine(lineNo, LineKind.USAGE, first.leaseId(), first.period(), first.operatorId(),
                first.region(), first.deviceModel(), first.sliceLabel(), first.deviceCount(), seconds, unitPrice,
                null, describe(first, prices.size()), amount);
    }

    private static String describe(UsageLine u, int prices) {
        StringBuilder s = new StringBuilder().append(u.deviceModel()).append(" x").append(u.deviceCount())
                .append(", ").append(u.sliceLabel());
        if (u.share() != null && u.share().compareTo(BigDecimal.ONE) != 0) {
            s.append(" (share ").append(u.share().stripTrailingZeros().toPlainString()).append(')');
        }
        s.append(", ").append(u.region()).append(u.interruptible() ? ", interruptible" : ", on-demand");
        if (prices > 1) {
            s.append(", at ").append(prices).append(" prices (price changes in the period)");
        }
        return s.toString();
    }

    private static InvoiceLine correctionLine(int lineNo, Corrections.Difference d, int scale) {
        UsageLine e = d.example();
        String what = e == null ? "usage no longer rated" : describe(e, 1);
        return new InvoiceLine(lineNo, LineKind.CORRECTION, d.leaseId(), d.period(), d.operatorId(),
                e == null ? null : e.region(), e == null ? null : e.deviceModel(), e == null ? null : e.sliceLabel(),
                e == null ? 0 : e.deviceCount(), d.seconds(), d.unitPrice(), null,
                "Correction of " + d.period() + " (late lease event): " + what, d.amount().setScale(scale, RoundingMode.HALF_UP));
    }
}
