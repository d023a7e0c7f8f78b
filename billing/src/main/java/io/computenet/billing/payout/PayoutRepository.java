package io.computenet.billing.payout;

import io.computenet.billing.invoice.BilledUsage;
import io.computenet.billing.invoice.LineKind;
import io.computenet.billing.invoice.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stores payout statements (insert only: the database refuses changes), reads them and the fee history. */
@ApplicationScoped
public class PayoutRepository {

    @Inject
    EntityManager em;

    public void insert(PayoutDraft d) {
        em.createNativeQuery("insert into payout_statements (operator_id, period, currency, issued_at, gross, fee, net)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, d.operatorId()).setParameter(2, d.period().toString()).setParameter(3, d.currency())
                .setParameter(4, d.issuedAt()).setParameter(5, d.gross()).setParameter(6, d.fee())
                .setParameter(7, d.net()).executeUpdate();
        for (PayoutLine l : d.lines()) {
            em.createNativeQuery("insert into payout_lines (operator_id, period, currency, line_no, kind, lease_id,"
                            + " tenant_id, usage_period, device_model, slice, seconds, gross, fee_percent, fee, net)"
                            + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")
                    .setParameter(1, d.operatorId()).setParameter(2, d.period().toString())
                    .setParameter(3, d.currency()).setParameter(4, l.lineNo()).setParameter(5, l.kind().name())
                    .setParameter(6, l.leaseId()).setParameter(7, l.tenantId())
                    .setParameter(8, l.usagePeriod().toString()).setParameter(9, l.deviceModel())
                    .setParameter(10, l.slice()).setParameter(11, l.seconds()).setParameter(12, l.gross())
                    .setParameter(13, l.feePercent()).setParameter(14, l.fee()).setParameter(15, l.net())
                    .executeUpdate();
        }
    }

    /** What issued statements paid per operator, lease, usage period and currency (usage and corrections). */
    public Map<String, List<BilledUsage>> paidByOperator() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select operator_id, lease_id, usage_period, currency,"
                + " sum(seconds), sum(gross) from payout_lines group by operator_id, lease_id, usage_period, currency")
                .getResultList();
        Map<String, List<BilledUsage>> out = new HashMap<>();
        for (Object[] r : rows) {
            out.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(new BilledUsage((String) r[1],
                    YearMonth.parse(Rows.text(r[2])), (String) r[0], Rows.text(r[3]), ((Number) r[4]).longValue(),
                    (BigDecimal) r[5]));
        }
        return out;
    }

    /** Every operator's platform fee changes. */
    public Map<String, List<FeeChange>> feeChanges() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select operator_id, changed_at, new_percent"
                + " from platform_fee_changes").getResultList();
        Map<String, List<FeeChange>> out = new HashMap<>();
        for (Object[] r : rows) {
            out.computeIfAbsent((String) r[0], k -> new ArrayList<>())
                    .add(new FeeChange(Rows.instant(r[1]), (BigDecimal) r[2]));
        }
        return out;
    }

    /** An operator's statements of a period (one per currency). */
    public List<PayoutDraft> of(String operatorId, YearMonth period) {
        @SuppressWarnings("unchecked")
        List<Object[]> heads = em.createNativeQuery("select currency, issued_at, gross, fee, net from payout_statements"
                        + " where operator_id = ?1 and period = ?2 order by currency")
                .setParameter(1, operatorId).setParameter(2, period.toString()).getResultList();
        List<PayoutDraft> out = new ArrayList<>();
        for (Object[] h : heads) {
            String currency = Rows.text(h[0]);
            out.add(new PayoutDraft(operatorId, period, currency, Rows.instant(h[1]),
                    lines(operatorId, period, currency), (BigDecimal) h[2], (BigDecimal) h[3], (BigDecimal) h[4]));
        }
        return out;
    }

    /** Every operator's statements of a period, by operator then currency. */
    public List<PayoutDraft> ofPeriod(YearMonth period) {
        @SuppressWarnings("unchecked")
        List<Object> operators = em.createNativeQuery("select distinct operator_id from payout_statements"
                + " where period = ?1 order by operator_id").setParameter(1, period.toString()).getResultList();
        List<PayoutDraft> out = new ArrayList<>();
        for (Object operator : operators) {
            out.addAll(of(Rows.text(operator), period));
        }
        return out;
    }

    private List<PayoutLine> lines(String operatorId, YearMonth period, String currency) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select line_no, kind, lease_id, tenant_id, usage_period,"
                        + " device_model, slice, seconds, gross, fee_percent, fee, net from payout_lines"
                        + " where operator_id = ?1 and period = ?2 and currency = ?3 order by line_no")
                .setParameter(1, operatorId).setParameter(2, period.toString()).setParameter(3, currency)
                .getResultList();
        return rows.stream().map(r -> new PayoutLine(((Number) r[0]).intValue(), LineKind.valueOf((String) r[1]),
                (String) r[2], (String) r[3], YearMonth.parse(Rows.text(r[4])), (String) r[5], (String) r[6],
                ((Number) r[7]).longValue(), (BigDecimal) r[8], (BigDecimal) r[9], (BigDecimal) r[10],
                (BigDecimal) r[11])).toList();
    }
}
