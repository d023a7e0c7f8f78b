package io.computenet.billing.export;

import io.agroal.api.AgroalDataSource;
import io.computenet.billing.invoice.LineKind;
import io.computenet.billing.invoice.TaxRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

/**
 * The one place exports read charges: the rated charge lines of a period, joined with their charges, in the export's
 * order (tenant, usage start, lease), handed over one at a time; and, for a month already invoiced, the issued
 * invoices' lines as they were frozen at issue ({@link #readInvoiced}). It reads through a server-side cursor
 * (autocommit off, a fetch size), so PostgreSQL sends the rows in batches and memory stays flat whatever the period
 * holds.
 */
@ApplicationScoped
public class ChargeLineReader {

    /** Rows per round trip to PostgreSQL. */
    static final int FETCH_SIZE = 2_000;

    private static final String SQL = """
            select l.period, c.tenant_id, c.lease_id, c.operator_id, c.region, c.vendor, c.device_model,
                   c.device_count, l.period_start, l.period_end, l.seconds, l.price_per_device_hour, l.currency,
                   l.amount, c.share, c.slice_kind, c.slice_profile, c.interruptible
              from charge_lines l
              join charges c on c.lease_id = l.lease_id
             where l.period = ? and (cast(? as varchar) is null or c.tenant_id = ?)
             order by c.tenant_id, l.period_start, l.lease_id
            """;

    /**
     * An issued month's invoices, line by line in invoice-number and line order: each usage line as the stretches
     * frozen with it ({@code invoice_usage_lines}), then the correction, credit and tax lines; the lease's device,
     * slice and pricing term from its charge (they never change after the lease started).
     */
    private static final String INVOICED_SQL = """
            select x.usage_period, i.tenant_id, x.lease_id, coalesce(c.operator_id, x.operator_id),
                   coalesce(c.region, x.region), c.vendor, coalesce(c.device_model, x.device_model),
                   coalesce(c.device_count, x.device_count), x.period_start, x.period_end, x.seconds, x.price,
                   i.currency, x.amount, coalesce(c.share, 1), c.slice_kind, c.slice_profile,
                   coalesce(c.interruptible, false), i.number, i.period, x.kind, x.reference, x.description,
                   i.tax_label, i.tax_rate, i.tax_base
              from invoices i
              join (select u.invoice_number, u.line_no, u.seq, cast('USAGE' as varchar) as kind, u.lease_id,
                           u.usage_period, u.period_start, u.period_end, u.seconds,
                           u.price_per_device_hour as price, u.amount, cast(null as varchar) as reference,
                           cast(null as text) as description, cast(null as varchar) as operator_id,
                           cast(null as varchar) as region, cast(null as varchar) as device_model,
                           0 as device_count
                      from invoice_usage_lines u
                    union all
                    select l.invoice_number, l.line_no, 0, l.kind, l.lease_id, l.usage_period,
                           cast(null as timestamptz), cast(null as timestamptz), l.seconds, l.unit_price, l.amount,
                           l.reference, l.description, l.operator_id, l.region, l.device_model, l.device_count
                      from invoice_lines l
                     where l.kind <> 'USAGE') x on x.invoice_number = i.number
              left join charges c on c.lease_id = x.lease_id
             where i.period = ? and (cast(? as varchar) is null or i.tenant_id = ?)
             order by i.year, i.sequence, x.line_no, x.seq
            """;

    /** Receives lines as they are read. */
    @FunctionalInterface
    public interface Sink<T> {
        void accept(T line) throws IOException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet r) throws SQLException;
    }

    @Inject
    AgroalDataSource dataSource;

    /** Hands every rated line of {@code period} (of one tenant when {@code tenantId} is set) to {@code sink}. */
    public void read(YearMonth period, String tenantId, Sink<ExportLine> sink) throws IOException {
        stream(SQL, period, tenantId, ChargeLineReader::line, sink);
    }

    /** Whether {@code period}'s invoices were issued (its export is then the invoices', see {@link #readInvoiced}). */
    public boolean invoiced(YearMonth period) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select 1 from invoice_runs where period = ?")) {
            s.setString(1, period.toString());
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("reading invoice runs failed", e));
        }
    }

    /**
     * Hands every line of {@code period}'s issued invoices (of one tenant when {@code tenantId} is set), as frozen at
     * issue, to {@code sink}.
     */
    public void readInvoiced(YearMonth period, String tenantId, Sink<InvoicedLine> sink) throws IOException {
        stream(INVOICED_SQL, period, tenantId, ChargeLineReader::invoicedLine, sink);
    }

    /** An issued invoice's number and currency. */
    public record IssuedInvoice(String number, String currency) {
    }

    /**
     * The invoices issued for {@code period} by tenant (of one tenant when {@code tenantId} is set); a tenant billed
     * in several currencies is given its first invoice by number.
     */
    public Map<String, IssuedInvoice> issuedInvoices(YearMonth period, String tenantId) {
        Map<String, IssuedInvoice> byTenant = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select tenant_id, number, currency from invoices where period"
                     + " = ? and (cast(? as varchar) is null or tenant_id = ?) order by year, sequence")) {
            s.setString(1, period.toString());
            s.setString(2, tenantId);
            s.setString(3, tenantId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    byTenant.putIfAbsent(r.getString(1), new IssuedInvoice(r.getString(2), trim(r.getString(3))));
                }
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("reading invoices failed", e));
        }
        return byTenant;
    }

    private <T> void stream(String sql, YearMonth period, String tenantId, RowMapper<T> mapper, Sink<T> sink)
            throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement s = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                s.setFetchSize(FETCH_SIZE);
                s.setString(1, period.toString());
                s.setString(2, tenantId);
                s.setString(3, tenantId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        sink.accept(mapper.map(r));
                    }
                }
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("reading charge lines failed", e));
        }
    }

    private static ExportLine line(ResultSet r) throws SQLException {
        String kind = r.getString(16);
        String profile = r.getString(17);
        return new ExportLine(trim(r.getString(1)), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getInt(8), instant(r, 9), instant(r, 10), r.getLong(11),
                r.getBigDecimal(12), trim(r.getString(13)), r.getBigDecimal(14), r.getBigDecimal(15),
                kind == null ? "" : kind + (profile == null ? "" : " " + profile), r.getBoolean(18));
    }

    /**
     * A line of an issued invoice; a correction's interval is its corrected month, its unit price the one the invoice
     * line froze (null when the corrected usage was at several prices).
     */
    private static InvoicedLine invoicedLine(ResultSet r) throws SQLException {
        LineKind kind = LineKind.valueOf(r.getString(21));
        YearMonth billedIn = YearMonth.parse(trim(r.getString(20)));
        ExportLine usage = null;
        if (kind == LineKind.USAGE) {
            usage = line(r);
        } else if (kind == LineKind.CORRECTION) {
            YearMonth corrected = YearMonth.parse(trim(r.getString(1)));
            ExportLine l = line(r);
            usage = new ExportLine(l.period(), l.tenantId(), l.leaseId(), l.operatorId(), l.region(), l.vendor(),
                    l.deviceModel(), l.deviceCount(), FocusRows.start(corrected), FocusRows.end(corrected),
                    l.seconds(), l.unitPricePerDeviceHour(), l.currency(), l.amount(), l.deviceShare(), l.slice(),
                    l.interruptible());
        }
        return new InvoicedLine(r.getString(19), r.getString(2), billedIn, trim(r.getString(13)), kind, usage,
                r.getString(22), r.getString(23), r.getBigDecimal(14),
                new TaxRule(r.getString(24), r.getBigDecimal(25)), r.getBigDecimal(26));
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
