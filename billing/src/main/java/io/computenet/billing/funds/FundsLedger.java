package io.computenet.billing.funds;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.pricing.funds.Draw;
import io.computenet.pricing.funds.Funds;
import io.computenet.pricing.funds.Voucher;
import io.computenet.pricing.funds.VoucherScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;

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

    /** The lease's draws in this currency so far, oldest first. */
    public List<Draw> drawsOf(String leaseId, Currency currency) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select voucher_id, amount from fund_draws"
                        + " where lease_id = ?1 and currency = ?2 order by id")
                .setParameter(1, leaseId).setParameter(2, currency.getCurrencyCode()).getResultList();
        return rows.stream().map(r -> new Draw((String) r[0], (BigDecimal) r[1])).toList();
    }

    /** Records the draws of a lease's usage up to {@code accruedUntil} and takes them from their sources. */
    public void record(String tenantId, String leaseId, Currency currency, List<Draw> draws, Instant accruedUntil,
                       Instant now) {
        String period = YearMonth.from(accruedUntil.atZone(ZoneOffset.UTC)).toString();
        for (Draw d : draws) {
            em.createNativeQuery("insert into fund_draws (tenant_id, lease_id, voucher_id, currency, amount, period,"
                            + " accrued_until, drawn_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                    .setParameter(1, tenantId).setParameter(2, leaseId).setParameter(3, d.voucherId())
                    .setParameter(4, currency.getCurrencyCode()).setParameter(5, d.amount()).setParameter(6, period)
                    .setParameter(7, accruedUntil).setParameter(8, now).executeUpdate();
            if (d.fromBalance()) {
                credit(tenantId, currency, d.amount().negate(), now);
            } else {
                em.createNativeQuery("update vouchers set remaining = remaining - ?1 where id = ?2")
                        .setParameter(1, d.amount()).setParameter(2, d.voucherId()).executeUpdate();
            }
        }
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
