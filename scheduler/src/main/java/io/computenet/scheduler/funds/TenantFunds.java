package io.computenet.scheduler.funds;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.contracts.funds.FundsStateEvent;
import io.computenet.pricing.funds.Funds;
import io.computenet.pricing.funds.FundsGate;
import io.computenet.pricing.funds.Voucher;
import io.computenet.pricing.funds.VoucherScope;
import io.computenet.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler's copy of prepaid tenants' funds (table {@code tenant_funds}), kept from billing's funds-state
 * events, and the refusal of new leases and renewals for a tenant whose funds are exhausted (decided by the pure
 * {@link FundsGate}): 402 {@code funds-exhausted} with the balance and currency.
 */
@ApplicationScoped
public class TenantFunds {

    private static final TypeReference<List<FundsStateEvent.VoucherState>> VOUCHERS = new TypeReference<>() {
    };

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    /** Keeps the event's state unless a state of the same or a higher version is already kept (idempotent). */
    @Transactional
    public boolean apply(FundsStateEvent e) {
        String vouchers;
        try {
            vouchers = json.writeValueAsString(e.vouchers());
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalArgumentException("vouchers cannot be written", ex);
        }
        return em.createNativeQuery("insert into tenant_funds (tenant_id, version, currency, balance, vouchers,"
                        + " reported_at, received_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                        + " on conflict (tenant_id) do update set version = excluded.version,"
                        + " currency = excluded.currency, balance = excluded.balance, vouchers = excluded.vouchers,"
                        + " reported_at = excluded.reported_at, received_at = excluded.received_at"
                        + " where tenant_funds.version < excluded.version")
                .setParameter(1, e.tenantId()).setParameter(2, e.version()).setParameter(3, e.currency())
                .setParameter(4, e.balance()).setParameter(5, vouchers).setParameter(6, e.occurredAt())
                .setParameter(7, clock.instant()).executeUpdate() > 0;
    }

    /** The tenant's funds as last reported; empty for a tenant that is not prepaid. */
    @Transactional
    public Optional<FundsGate.Reported> of(String tenantId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select currency, balance, vouchers, reported_at from tenant_funds"
                + " where tenant_id = ?1").setParameter(1, tenantId).getResultList();
        return rows.stream().findFirst().map(this::reported);
    }

    /** Every prepaid tenant's funds as last reported. */
    @Transactional
    public java.util.Map<String, FundsGate.Reported> all() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select currency, balance, vouchers, reported_at, tenant_id"
                + " from tenant_funds").getResultList();
        java.util.Map<String, FundsGate.Reported> all = new java.util.HashMap<>();
        rows.forEach(r -> all.put((String) r[4], reported(r)));
        return all;
    }

    /** Refuses (402 {@code funds-exhausted}, with the figures) a tenant whose prepaid funds are exhausted. */
    public void admit(String tenantId, String what) {
        Optional<FundsGate.Reported> reported = of(tenantId);
        Instant now = clock.instant();
        if (FundsGate.admits(reported, now)) {
            return;
        }
        Funds funds = reported.get().funds();
        String balance = funds.balance().toPlainString() + " " + funds.currency().getCurrencyCode();
        throw new ProblemException(402, "funds-exhausted", "Funds exhausted",
                what + " refused: tenant " + tenantId + " has no prepaid funds left (balance " + balance
                        + ", no voucher with money left); top up or get a voucher",
                List.of("balance: " + funds.balance().toPlainString(),
                        "currency: " + funds.currency().getCurrencyCode(),
                        "exhaustedSince: " + FundsGate.exhaustedSince(reported.get(), now).orElse(now)));
    }

    private FundsGate.Reported reported(Object[] r) {
        Currency currency = Currency.getInstance(((String) r[0]).trim());
        List<FundsStateEvent.VoucherState> states;
        try {
            states = json.readValue((String) r[2], VOUCHERS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("tenant_funds.vouchers unreadable", ex);
        }
        List<Voucher> vouchers = states.stream().map(v -> new Voucher(v.id(), currency, v.remaining(),
                v.expiresAt(), new VoucherScope(v.region(), v.vendor()))).toList();
        return new FundsGate.Reported(new Funds(currency, (BigDecimal) r[1], vouchers), instant(r[3]));
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
