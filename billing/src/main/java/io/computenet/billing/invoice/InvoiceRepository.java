package io.computenet.billing.invoice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stores issued invoices (insert only: the database refuses changes) and reads them back. */
@ApplicationScoped
public class InvoiceRepository {

    @Inject
    EntityManager em;

    /** A month's issuing run. */
    public record Run(YearMonth period, Instant issuedAt, String issuedBy) {
    }

    /** The stored invoice with its rendering. */
    public record Stored(Invoice invoice, String html) {
    }

    /** Serialises issuing runs across billing instances until the transaction ends. */
    public void lockRuns() {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('computenet-billing-invoice-run'))")
                .getSingleResult();
    }

    public Optional<Run> run(YearMonth period) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select period, issued_at, issued_by from invoice_runs"
                + " where period = ?1").setParameter(1, period.toString()).getResultList();
        return rows.stream().findFirst().map(r -> new Run(YearMonth.parse(Rows.text(r[0])), Rows.instant(r[1]),
                (String) r[2]));
    }

    public void insertRun(Run run) {
        em.createNativeQuery("insert into invoice_runs (period, issued_at, issued_by) values (?1, ?2, ?3)")
                .setParameter(1, run.period().toString()).setParameter(2, run.issuedAt())
                .setParameter(3, run.issuedBy()).executeUpdate();
    }

    /**
     * The next number of the year of {@code at} (UTC): the counter row is advanced and stays locked until the
     * transaction ends, so a rolled-back issue returns its number and the sequence has no gaps.
     */
    public InvoiceNumber nextNumber(Instant at) {
        int year = at.atZone(ZoneOffset.UTC).getYear();
        Number n = (Number) em.createNativeQuery("insert into invoice_number_counters (year, last_number)"
                        + " values (?1, 1) on conflict (year) do update"
                        + " set last_number = invoice_number_counters.last_number + 1 returning last_number")
                .setParameter(1, year).getSingleResult();
        return new InvoiceNumber(year, n.longValue());
    }

    /** Stores an issued invoice with its rendering and the rated stretches its usage lines sum. */
    public void insert(Invoice invoice, String html, List<InvoicedStretch> stretches) {
        InvoiceDraft d = invoice.draft();
        String number = invoice.number().toString();
        em.createNativeQuery("insert into invoices (number, year, sequence, tenant_id, period, currency, issued_at,"
                        + " subtotal, credits, tax_base, tax_label, tax_rate, tax, total, html)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")
                .setParameter(1, number).setParameter(2, invoice.number().year())
                .setParameter(3, invoice.number().sequence()).setParameter(4, d.tenantId())
                .setParameter(5, d.period().toString()).setParameter(6, d.currency()).setParameter(7, d.issuedAt())
                .setParameter(8, d.subtotal()).setParameter(9, d.credits()).setParameter(10, d.taxBase())
                .setParameter(11, d.taxRule().label()).setParameter(12, d.taxRule().rate())
                .setParameter(13, d.tax()).setParameter(14, d.total()).setParameter(15, html).executeUpdate();
        for (InvoiceLine l : d.lines()) {
            em.createNativeQuery("insert into invoice_lines (invoice_number, line_no, kind, lease_id, usage_period,"
                            + " operator_id, region, device_model, slice, device_count, seconds, unit_price, reference,"
                            + " description, amount) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                            + " ?14, ?15)")
                    .setParameter(1, number).setParameter(2, l.lineNo()).setParameter(3, l.kind().name())
                    .setParameter(4, l.leaseId())
                    .setParameter(5, l.usagePeriod() == null ? null : l.usagePeriod().toString())
                    .setParameter(6, l.operatorId()).setParameter(7, l.region()).setParameter(8, l.deviceModel())
                    .setParameter(9, l.slice()).setParameter(10, l.deviceCount()).setParameter(11, l.seconds())
                    .setParameter(12, l.unitPrice()).setParameter(13, l.reference())
                    .setParameter(14, l.description()).setParameter(15, l.amount()).executeUpdate();
        }
        for (InvoicedStretch st : stretches) {
            UsageLine u = st.usage();
            em.createNativeQuery("insert into invoice_usage_lines (invoice_number, line_no, seq, lease_id,"
                            + " usage_period, period_start, period_end, seconds, price_per_device_hour, amount)"
                            + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
                    .setParameter(1, number).setParameter(2, st.lineNo()).setParameter(3, st.seq())
                    .setParameter(4, u.leaseId()).setParameter(5, u.period().toString())
                    .setParameter(6, u.start()).setParameter(7, u.end()).setParameter(8, u.seconds())
                    .setParameter(9, u.pricePerDeviceHour()).setParameter(10, u.amount()).executeUpdate();
        }
    }

    /**
     * What issued invoices billed per tenant, lease, usage period and currency (usage and correction lines together):
     * the baseline for corrections.
     */
    public Map<String, List<BilledUsage>> billedByTenant() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select i.tenant_id, l.lease_id, l.usage_period,"
                + " min(l.operator_id), i.currency, sum(l.seconds), sum(l.amount) from invoice_lines l"
                + " join invoices i on i.number = l.invoice_number where l.kind in ('USAGE', 'CORRECTION')"
                + " group by i.tenant_id, l.lease_id, l.usage_period, i.currency").getResultList();
        Map<String, List<BilledUsage>> out = new HashMap<>();
        for (Object[] r : rows) {
            out.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(new BilledUsage((String) r[1],
                    YearMonth.parse(Rows.text(r[2])), (String) r[3], Rows.text(r[4]), ((Number) r[5]).longValue(),
                    (BigDecimal) r[6]));
        }
        return out;
    }

    /** The invoices of a period (every tenant), in number order. */
    public List<Stored> ofPeriod(YearMonth period) {
        return find("period = ?1", period.toString());
    }

    /** A tenant's invoices, newest period first. */
    public List<Stored> ofTenant(String tenantId) {
        return find("tenant_id = ?1", tenantId);
    }

    public Optional<Stored> byNumber(InvoiceNumber number) {
        return find("number = ?1", number.toString()).stream().findFirst();
    }

    private List<Stored> find(String where, String value) {
        @SuppressWarnings("unchecked")
        List<Object[]> heads = em.createNativeQuery("select number, year, sequence, tenant_id, period, currency,"
                + " issued_at, subtotal, credits, tax_base, tax_label, tax_rate, tax, total, html from invoices"
                + " where " + where + " order by period desc, year, sequence").setParameter(1, value)
                .getResultList();
        List<Stored> out = new ArrayList<>();
        for (Object[] h : heads) {
            InvoiceDraft d = new InvoiceDraft((String) h[3], YearMonth.parse(Rows.text(h[4])), Rows.text(h[5]),
                    Rows.instant(h[6]), lines((String) h[0]), (BigDecimal) h[7], (BigDecimal) h[8],
                    (BigDecimal) h[9], new TaxRule((String) h[10], (BigDecimal) h[11]), (BigDecimal) h[12],
                    (BigDecimal) h[13]);
            out.add(new Stored(new Invoice(new InvoiceNumber(((Number) h[1]).intValue(), ((Number) h[2]).longValue()),
                    d), (String) h[14]));
        }
        return out;
    }

    private List<InvoiceLine> lines(String number) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select line_no, kind, lease_id, usage_period, operator_id, region,"
                + " device_model, slice, device_count, seconds, unit_price, reference, description, amount"
                + " from invoice_lines where invoice_number = ?1 order by line_no").setParameter(1, number)
                .getResultList();
        return rows.stream().map(r -> new InvoiceLine(((Number) r[0]).intValue(), LineKind.valueOf((String) r[1]),
                (String) r[2], r[3] == null ? null : YearMonth.parse(Rows.text(r[3])), (String) r[4], (String) r[5],
                (String) r[6], (String) r[7], ((Number) r[8]).intValue(), ((Number) r[9]).longValue(),
                (BigDecimal) r[10], (String) r[11], (String) r[12], (BigDecimal) r[13])).toList();
    }
}
