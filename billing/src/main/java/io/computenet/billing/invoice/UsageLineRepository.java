package io.computenet.billing.invoice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * Reads metering's rated charge lines, with their charges' attributes, as {@link UsageLine}s: the input invoices and
 * payout statements are computed from.
 */
@ApplicationScoped
public class UsageLineRepository {

    private static final String SELECT = """
            select c.tenant_id, c.lease_id, l.period, c.operator_id, c.region, c.device_model, c.device_count,
                   c.share, c.slice_kind, c.slice_profile, c.interruptible, l.period_start, l.period_end, l.seconds,
                   l.price_per_device_hour, l.currency, l.amount
              from charge_lines l
              join charges c on c.lease_id = l.lease_id
            """;

    @Inject
    EntityManager em;

    /** Every rated line of the period. */
    public List<UsageLine> ofPeriod(YearMonth period) {
        return read(SELECT + " where l.period = ?1 order by c.tenant_id, l.period_start, l.lease_id",
                period.toString());
    }

    /** A tenant's rated lines of the period (running leases up to their last accrual). */
    public List<UsageLine> ofTenant(String tenantId, YearMonth period) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SELECT + " where l.period = ?1 and c.tenant_id = ?2"
                + " order by l.period_start, l.lease_id").setParameter(1, period.toString())
                .setParameter(2, tenantId).getResultList();
        return rows.stream().map(UsageLineRepository::line).toList();
    }

    /** Every rated line, as it is now, of the months before {@code period} that were already issued. */
    public List<UsageLine> ofIssuedPeriodsBefore(YearMonth period) {
        return read(SELECT + " where l.period < ?1 and l.period in (select r.period from invoice_runs r)"
                + " order by c.tenant_id, l.period_start, l.lease_id", period.toString());
    }

    private List<UsageLine> read(String sql, String period) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, period).getResultList();
        return rows.stream().map(UsageLineRepository::line).toList();
    }

    private static UsageLine line(Object[] r) {
        return new UsageLine((String) r[0], (String) r[1], YearMonth.parse(((String) r[2]).trim()), (String) r[3],
                (String) r[4], (String) r[5], ((Number) r[6]).intValue(), (BigDecimal) r[7], (String) r[8],
                (String) r[9], (Boolean) r[10], Rows.instant(r[11]), Rows.instant(r[12]),
                ((Number) r[13]).longValue(), (BigDecimal) r[14], ((String) r[15]).trim(), (BigDecimal) r[16]);
    }
}
