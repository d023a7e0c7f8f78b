package io.computenet.billing.funds;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.pricing.funds.Draw;
import io.computenet.pricing.funds.Funds;
import io.computenet.pricing.funds.Voucher;
import io.computenet.pricing.funds.VoucherScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes a tenant's funds in PostgreSQL: the balance row, the vouchers and the draws ledger. Callers run
 * inside a transaction; {@link #lock} takes the balance row and the vouchers of the tenant in one currency
 * {@code FOR UPDATE} (balance first, vouchers by id), so draws, top-ups and issues of one tenant never interleave.
 */
@ApplicationScoped
public class FundsLedger {

    @Inject
    EntityManager em;

    /** The tenant's funds in this currency, locked for the rest of the transaction (a missing balance is zero). */
    public Funds lock(String tenantId, Currency currency, Instant now) {
        em.createNativeQuery("insert into tenant_balances (tenant_id, currency, balance, updated_at)"
                        + " values (?1, ?2, 0, ?3) on conflict do nothing")
                .setParameter(1, tenantId).setParameter(2, currency.getCurrencyCode()).setParameter(3, now)
                .executeUpdate();
        BigDecimal balance = (BigDecimal) em.createNativeQuery("select balance from tenant_balances"
                        + " where tenant_id = ?1 and currency = ?2 for update")
                .setParameter(1, tenantId).setParameter(2, currency.getCurrencyCode()).getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, remaining, expires_at, scope_region, scope_vendor"
                        + " from vouchers where tenant_id = ?1 and currency = ?2 order by id for update")
                .setParameter(1, tenantId).setParameter(2, currency.getCurrencyCode()).getResultList();
        List<Voucher> vouchers = rows.stream().map(r -> new Voucher((String) r[0], currency, (BigDecimal) r[1],
                instant(r[2]), new VoucherScope((String) r[3], r[4] == null ? null : Vendor.valueOf((String) r[4]))))
                .toList();
        return new Funds(currency, balance, vouchers);
    }

    /** One row of the draws ledger: a draw of a lease's usage up to {@code accruedUntil}. */
    public record DrawRow(String tenantId, String leaseId, Currency currency, Draw draw, Instant accruedUntil,
                          Instant drawnAt) {
    }

    /**
     * The draws so far of each of these leases (all currencies), oldest first, in one query: a lease without draws
     * is missing from the map. Callers hold the leases' charges locked, so no other transaction draws for them.
     */
    public Map<String, List<DrawRow>> drawsOf(Collection<String> leaseIds) {
        if (leaseIds.isEmpty()) {
            return new HashMap<>();
        }
        return em.unwrap(Session.class).doReturningWork(c -> {
            Map<String, List<DrawRow>> out = new HashMap<>();
            Array ids = c.createArrayOf("varchar", leaseIds.toArray());
            try (PreparedStatement s = c.prepareStatement("select tenant_id, lease_id, voucher_id, currency, amount,"
                    + " accrued_until, drawn_at from fund_draws where lease_id = any(?) order by id")) {
                s.setArray(1, ids);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        DrawRow row = new DrawRow(r.getString(1), r.getString(2), Currency.getInstance(r.getString(4)),
                                new Draw(r.getString(3), r.getBigDecimal(5)),
                                r.getObject(6, OffsetDateTime.class).toInstant(),
                                r.getObject(7, OffsetDateTime.class).toInstant());
                        out.computeIfAbsent(row.leaseId(), k -> new ArrayList<>()).add(row);
                    }
                }
            } finally {
                ids.free();
            }
            return out;
        });
    }

    /**
     * Writes draws to the ledger as one JDBC batch, in the given order (their ids, hence each lease's order, follow
     * it). The sources are not touched: see {@link #credit} and {@link #takeFromVoucher}.
     */
    public void record(List<DrawRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into fund_draws (tenant_id, lease_id, voucher_id,"
                    + " currency, amount, period, accrued_until, drawn_at) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (DrawRow row : rows) {
                    s.setString(1, row.tenantId());
                    s.setString(2, row.leaseId());
                    s.setString(3, row.draw().voucherId());
                    s.setString(4, row.currency().getCurrencyCode());
                    s.setBigDecimal(5, row.draw().amount());
                    s.setString(6, YearMonth.from(row.accruedUntil().atZone(ZoneOffset.UTC)).toString());
                    s.setObject(7, OffsetDateTime.ofInstant(row.accruedUntil(), ZoneOffset.UTC));
                    s.setObject(8, OffsetDateTime.ofInstant(row.drawnAt(), ZoneOffset.UTC));
                    s.addBatch();
                }
                s.executeBatch();
            }
        });
    }

    /** Takes {@code amount} (negative: gives it back) from what is left of the voucher. */
    public void takeFromVoucher(String voucherId, BigDecimal amount) {
        em.createNativeQuery("update vouchers set remaining = remaining - ?1 where id = ?2")
                .setParameter(1, amount).setParameter(2, voucherId).executeUpdate();
    }

    /** Adds {@code amount} (negative: takes it) to the tenant's balance row, which {@link #lock} created. */
    public void credit(String tenantId, Currency currency, BigDecimal amount, Instant now) {
        em.createNativeQuery("update tenant_balances set balance = balance + ?1, updated_at = ?2"
                        + " where tenant_id = ?3 and currency = ?4")
                .setParameter(1, amount).setParameter(2, now).setParameter(3, tenantId)
                .setParameter(4, currency.getCurrencyCode()).executeUpdate();
    }

    /** Marks the tenant prepaid (it has funds of its own) and its funds state changed: announced again. */
    public void prepaid(String tenantId, Instant now) {
        em.createNativeQuery("insert into funds_states (tenant_id, version, updated_at) values (?1, 1, ?2)"
                        + " on conflict (tenant_id) do update set version = funds_states.version + 1,"
                        + " updated_at = excluded.updated_at")
                .setParameter(1, tenantId).setParameter(2, now).executeUpdate();
    }

    /** Marks a prepaid tenant's funds state changed; false (nothing marked) for a tenant that is not prepaid. */
    public boolean changed(String tenantId, Instant now) {
        return em.createNativeQuery("update funds_states set version = version + 1, updated_at = ?2"
                + " where tenant_id = ?1").setParameter(1, tenantId).setParameter(2, now).executeUpdate() > 0;
    }

    /** Records a low-funds notice (published as an alert event by {@link FundsStatePublisher}). */
    public void notice(String tenantId, Currency currency, BigDecimal threshold, BigDecimal available,
                       BigDecimal balance, Instant now) {
        em.createNativeQuery("insert into funds_notices (event_id, tenant_id, currency, threshold, available,"
                        + " balance, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, java.util.UUID.randomUUID().toString()).setParameter(2, tenantId)
                .setParameter(3, currency.getCurrencyCode()).setParameter(4, threshold).setParameter(5, available)
                .setParameter(6, balance).setParameter(7, now).executeUpdate();
    }

    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return value instanceof java.sql.Timestamp t ? t.toInstant() : null;
    }
}
