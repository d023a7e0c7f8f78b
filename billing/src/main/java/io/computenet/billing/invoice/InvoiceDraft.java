package io.computenet.billing.invoice;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * An invoice as the core computes it, before it gets its number: one tenant, one period, one currency.
 *
 * @param subtotal  usage and correction lines: the charges before credits and tax
 * @param credits   the credits applied (zero or negative: what the credit lines add up to)
 * @param taxBase   subtotal plus credits: what the tax applies to
 * @param tax       the tax line's amount
 * @param total     taxBase plus tax: what the tenant owes (negative when corrections return more than it owes)
 */
public record InvoiceDraft(String tenantId, YearMonth period, String currency, Instant issuedAt,
                           List<InvoiceLine> lines, BigDecimal subtotal, BigDecimal credits, BigDecimal taxBase,
                           TaxRule taxRule, BigDecimal tax, BigDecimal total) {

    public InvoiceDraft {
        lines = List.copyOf(lines);
    }

    /** The lines of one kind. */
    public List<InvoiceLine> lines(LineKind kind) {
        return lines.stream().filter(l -> l.kind() == kind).toList();
    }

    /** The usage seconds the invoice bills for its own period (corrections excluded). */
    public long usageSeconds() {
        return lines(LineKind.USAGE).stream().mapToLong(InvoiceLine::seconds).sum();
    }
}
