package io.computenet.billing.export;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.YearMonth;

/**
 * The one place exports read charges: the rated charge lines of a period, joined with their charges, in the export's
 * order (tenant, usage start, lease), handed over one at a time. It reads through a server-side cursor (autocommit off,
 * a fetch size), so PostgreSQL sends the rows in batches and memory stays flat whatever the period holds.
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

    /** Receives lines as they are read. */
    @FunctionalInterface
    public interface Sink {
        void accept(ExportLine line) throws IOException;
    }

    @Inject
    AgroalDataSource dataSource;

    /** Hands every rated line of {@code period} (of one tenant when {@code tenantId} is set) to {@code sink}. */
    public void read(YearMonth period, String tenantId, Sink sink) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement s = c.prepareStatement(SQL, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                s.setFetchSize(FETCH_SIZE);
                s.setString(1, period.toString());
                s.setString(2, tenantId);
                s.setString(3, tenantId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        sink.accept(line(r));
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
        return new ExportLine(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getInt(8), r.getObject(9, OffsetDateTime.class).toInstant(),
                r.getObject(10, OffsetDateTime.class).toInstant(), r.getLong(11), r.getBigDecimal(12),
                r.getString(13) == null ? null : r.getString(13).trim(), r.getBigDecimal(14), r.getBigDecimal(15),
                kind == null ? "" : kind + (profile == null ? "" : " " + profile), r.getBoolean(18));
    }
}
