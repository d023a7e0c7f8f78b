package io.computenet.billing.invoice;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * Everything the invoice core needs for one tenant and one closed period.
 *
 * @param usage        the tenant's rated usage lines of {@code period}
 * @param earlierUsage the tenant's rated usage lines, as they are now, of earlier periods already invoiced (closed)
 * @param billed       what the tenant's issued invoices billed per lease and period (usage and corrections)
 * @param credits      credits to apply (vouchers drawn for this period's usage)
 */
public record InvoiceRequest(String tenantId, YearMonth period, List<UsageLine> usage, List<UsageLine> earlierUsage,
                             List<BilledUsage> billed, List<Credit> credits, TaxRule taxRule) {

    public InvoiceRequest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(taxRule, "taxRule");
        usage = List.copyOf(usage);
        earlierUsage = List.copyOf(earlierUsage);
        billed = List.copyOf(billed);
        credits = List.copyOf(credits);
        for (UsageLine u : usage) {
            if (!u.period().equals(period) || !tenantId.equals(u.tenantId())) {
                throw new IllegalArgumentException("usage line of lease " + u.leaseId() + " is not " + tenantId
                        + "'s in " + period);
            }
        }
        for (UsageLine u : earlierUsage) {
            if (!u.period().isBefore(period) || !tenantId.equals(u.tenantId())) {
                throw new IllegalArgumentException("earlier usage line of lease " + u.leaseId()
                        + " is not " + tenantId + "'s before " + period);
            }
        }
    }
}
