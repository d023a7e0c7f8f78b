package io.computenet.billing.export;

import io.computenet.billing.invoice.LineKind;
import io.computenet.billing.invoice.TaxRule;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Objects;

/**
 * One line of an issued invoice as an issued month's export reads it: the invoice ({@code invoiceId}, its tenant,
 * month and currency) and what the line froze at issue.
 *
 * @param usage    for USAGE, one rated stretch of the line (its interval, seconds, price and amount); for CORRECTION,
 *                 the corrected lease in the corrected month (the month's bounds, the change in seconds, no price);
 *                 null for CREDIT and TAX
 * @param amount   the amount billed: the stretch's, the correction's, the credit's (negative) or the tax
 * @param taxRule  the invoice's tax label and rate (the TAX line uses it)
 * @param taxBase  the invoice's tax base (usage + corrections + credits)
 */
public record InvoicedLine(String invoiceId, String tenantId, YearMonth billedIn, String currency, LineKind kind,
                           ExportLine usage, String reference, String description, BigDecimal amount,
                           TaxRule taxRule, BigDecimal taxBase) {

    public InvoicedLine {
        Objects.requireNonNull(invoiceId, "invoiceId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(amount, "amount");
        if ((kind == LineKind.USAGE || kind == LineKind.CORRECTION) && usage == null) {
            throw new IllegalArgumentException(kind + " line of " + invoiceId + " needs its usage");
        }
    }
}
