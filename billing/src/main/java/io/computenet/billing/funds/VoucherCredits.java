package io.computenet.billing.funds;

import io.computenet.billing.invoice.Credit;
import io.computenet.billing.invoice.InvoiceCredits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The credits of a tenant's invoice: what each voucher paid, netted over give-backs, for the leases whose charge
 * ends in the period (its {@code accrued_until}, UTC). A lease's voucher draws are credited once, on the invoice of the
 * month its usage ended in (a lease still running at a month's end is credited when it ends), whatever instant each
 * draw was made at (a late or replayed event draws "now" for usage long past). A voucher that paid nothing gives no
 * line; what the balance paid is no credit (the tenant paid it). A draw for a lease whose month was already invoiced
 * is not credited again.
 */
@ApplicationScoped
public class VoucherCredits implements InvoiceCredits {

    @Inject
    EntityManager em;

    @Override
    public List<Credit> creditsFor(String tenantId, YearMonth period) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select d.voucher_id, v.reason, d.currency, sum(d.amount)"
                        + " from fund_draws d join vouchers v on v.id = d.voucher_id"
                        + " join charges c on c.lease_id = d.lease_id"
                        + " where d.tenant_id = ?1 and d.voucher_id is not null"
                        + " and c.accrued_until >= ?2 and c.accrued_until < ?3"
                        + " group by d.voucher_id, v.reason, d.currency having sum(d.amount) > 0"
                        + " order by d.voucher_id")
                .setParameter(1, tenantId)
                .setParameter(2, period.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant())
                .setParameter(3, period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant())
                .getResultList();
        return rows.stream().map(r -> new Credit((String) r[0], r[1] == null ? "Voucher " + r[0]
                : "Voucher " + r[0] + " (" + r[1] + ")", ((BigDecimal) r[3]), ((String) r[2]).trim())).toList();
    }
}
