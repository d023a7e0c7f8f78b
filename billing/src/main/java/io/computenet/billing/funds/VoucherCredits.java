package io.computenet.billing.funds;

import io.computenet.billing.invoice.Credit;
import io.computenet.billing.invoice.InvoiceCredits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * The credits of a tenant's invoice: what each voucher paid of its usage in the period, from the draws ledger (a
 * draw's period is the UTC month of the accrual it followed; give-backs are netted). A voucher that paid nothing in
 * the period gives no line; what the balance paid is no credit (the tenant paid it).
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
                        + " where d.tenant_id = ?1 and d.period = ?2 and d.voucher_id is not null"
                        + " group by d.voucher_id, v.reason, d.currency having sum(d.amount) > 0"
                        + " order by d.voucher_id")
                .setParameter(1, tenantId).setParameter(2, period.toString()).getResultList();
        return rows.stream().map(r -> new Credit((String) r[0], r[1] == null ? "Voucher " + r[0]
                : "Voucher " + r[0] + " (" + r[1] + ")", ((BigDecimal) r[3]), ((String) r[2]).trim())).toList();
    }
}
