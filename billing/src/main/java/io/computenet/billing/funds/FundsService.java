package io.computenet.billing.funds;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.problem.Problem;
import io.computenet.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/**
 * Tenants' prepaid funds: top-ups and vouchers written by finance/admins (through the portal), and the draws that
 * follow each lease's rated amount. The draws run inside the metering transaction that rated the charges (their rows
 * locked), through a {@link FundsChunk} per transaction: the pure {@code Drawing} decides the draws of the delta since
 * each lease's last draw, and they are recorded with their sources' new figures in the same transaction, so a re-run
 * accrual or a replayed event draws nothing twice.
 */
@ApplicationScoped
public class FundsService {

    @Inject
    FundsLedger ledger;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @ConfigProperty(name = "computenet.billing.currency", defaultValue = "CNY")
    String defaultCurrency;
    /** What a prepaid tenant can spend falling to or below one of these makes a notice and an alert event. */
    @ConfigProperty(name = "computenet.billing.low-funds-thresholds", defaultValue = "100,10,0")
    List<BigDecimal> thresholds;

    /** A recorded top-up; {@code created} false when its reference had been recorded before (nothing changed). */
    public record TopUpView(long id, String tenantId, BigDecimal amount, String currency, String reference,
                            String recordedBy, Instant recordedAt, BigDecimal balance, boolean created) {
    }

    /** A voucher with what is left of it; {@code usable}: not expired and something left. */
    public record VoucherView(String id, BigDecimal amount, BigDecimal remaining, String currency, Instant expiresAt,
                              String region, Vendor vendor, String reason, String issuedBy, Instant issuedAt,
                              boolean usable) {
    }

    /** The balance and this month's spend in one currency. */
    public record CurrencyFunds(String currency, BigDecimal balance, BigDecimal spendThisMonth) {
    }

    /**
     * A tenant's funds: the balance and this month's spend (rated usage of the month so far) in the default
     * currency, the same per currency held, and every voucher.
     */
    public record BalanceView(String tenantId, String currency, BigDecimal balance, String period,
                              BigDecimal spendThisMonth, List<VoucherView> vouchers, List<CurrencyFunds> balances,
                              List<Notice> notices) {
    }

    /** What a prepaid tenant could spend fell to or below {@code threshold} at {@code at} (0: exhausted). */
    public record Notice(Instant at, String currency, BigDecimal threshold, BigDecimal available,
                         BigDecimal balance, String message) {
    }

    /**
     * The draws of the charges of these leases rated in the current transaction ({@link FundsChunk}): the leases'
     * earlier draws are read now, in one query, so the caller must hold their charges locked (no other transaction
     * draws for a lease whose charge it cannot lock). Call {@link FundsChunk#follow} after each rating and
     * {@link FundsChunk#write} before the transaction commits.
     */
    public FundsChunk chunk(Collection<String> leaseIds) {
        return new FundsChunk(ledger, clock, defaultCurrency, thresholds, ledger.drawsOf(leaseIds));
    }

    @Transactional
    public TopUpView topUp(String tenantId, FundsRequests.TopUp request) {
        Currency currency = currency(request.currency());
        Instant now = clock.instant();
        ledger.lock(tenantId, currency, now);
        if (request.reference() != null) {
            List<TopUpView> same = topUps(tenantId, request.reference());
            if (!same.isEmpty()) {
                return same.get(0);
            }
        }
        Number id = (Number) em.createNativeQuery("insert into top_ups (tenant_id, currency, amount, reference,"
                        + " recorded_by, recorded_at) values (?1, ?2, ?3, ?4, ?5, ?6) returning id")
                .setParameter(1, tenantId).setParameter(2, currency.getCurrencyCode())
                .setParameter(3, request.amount()).setParameter(4, request.reference())
                .setParameter(5, request.recordedBy()).setParameter(6, now).getSingleResult();
        ledger.credit(tenantId, currency, request.amount(), now);
        ledger.prepaid(tenantId, now);
        return new TopUpView(id.longValue(), tenantId, request.amount(), currency.getCurrencyCode(),
                request.reference(), request.recordedBy(), now, balance(tenantId, currency), true);
    }

    @Transactional
    public VoucherView issue(String tenantId, FundsRequests.IssueVoucher request) {
        Currency currency = currency(request.currency());
        Instant now = clock.instant();
        if (!request.expiresAt().isAfter(now)) {
            throw invalid("expiresAt", "expiresAt must be in the future, was " + request.expiresAt());
        }
        String id = "vch-" + UUID.randomUUID();
        em.createNativeQuery("insert into vouchers (id, tenant_id, currency, amount, remaining, expires_at,"
                        + " scope_region, scope_vendor, reason, issued_by, issued_at)"
                        + " values (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
                .setParameter(1, id).setParameter(2, tenantId).setParameter(3, currency.getCurrencyCode())
                .setParameter(4, request.amount()).setParameter(5, request.expiresAt())
                .setParameter(6, request.region())
                .setParameter(7, request.vendor() == null ? null : request.vendor().name())
                .setParameter(8, request.reason()).setParameter(9, request.issuedBy()).setParameter(10, now)
                .executeUpdate();
        ledger.prepaid(tenantId, now);
        return new VoucherView(id, request.amount(), request.amount(), currency.getCurrencyCode(),
                request.expiresAt(), request.region(), request.vendor(), request.reason(), request.issuedBy(), now,
                true);
    }

    @Transactional
    public BalanceView view(String tenantId) {
        Instant now = clock.instant();
        YearMonth period = YearMonth.from(now.atZone(ZoneOffset.UTC));
        @SuppressWarnings("unchecked")
        List<Object[]> spendRows = em.createNativeQuery("select l.currency, sum(l.amount) from charge_lines l"
                        + " join charges c on c.lease_id = l.lease_id where c.tenant_id = ?1 and l.period = ?2"
                        + " group by l.currency")
                .setParameter(1, tenantId).setParameter(2, period.toString()).getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> balanceRows = em.createNativeQuery("select currency, balance from tenant_balances"
                + " where tenant_id = ?1 order by currency").setParameter(1, tenantId).getResultList();
        List<String> currencies = new ArrayList<>(List.of(defaultCurrency));
        balanceRows.forEach(r -> addOnce(currencies, ((String) r[0])));
        spendRows.forEach(r -> addOnce(currencies, ((String) r[0])));
        List<CurrencyFunds> balances = currencies.stream().map(c -> new CurrencyFunds(c,
                figure(balanceRows, c), figure(spendRows, c))).toList();
        @SuppressWarnings("unchecked")
        List<Object[]> voucherRows = em.createNativeQuery("select id, amount, remaining, currency, expires_at,"
                        + " scope_region, scope_vendor, reason, issued_by, issued_at from vouchers"
                        + " where tenant_id = ?1 order by expires_at, id")
                .setParameter(1, tenantId).getResultList();
        List<VoucherView> vouchers = voucherRows.stream().map(r -> {
            Instant expires = FundsLedger.instant(r[4]);
            BigDecimal remaining = (BigDecimal) r[2];
            return new VoucherView((String) r[0], (BigDecimal) r[1], remaining, (String) r[3], expires,
                    (String) r[5], r[6] == null ? null : Vendor.valueOf((String) r[6]), (String) r[7],
                    (String) r[8], FundsLedger.instant(r[9]), remaining.signum() > 0 && now.isBefore(expires));
        }).toList();
        CurrencyFunds main = balances.get(0);
        return new BalanceView(tenantId, main.currency(), main.balance(), period.toString(), main.spendThisMonth(),
                vouchers, balances, notices(tenantId));
    }

    /** The tenant's latest low-funds notices, newest first. */
    private List<Notice> notices(String tenantId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select created_at, currency, threshold, available, balance"
                        + " from funds_notices where tenant_id = ?1 order by created_at desc, id desc limit 10")
                .setParameter(1, tenantId).getResultList();
        return rows.stream().map(r -> {
            BigDecimal threshold = (BigDecimal) r[2];
            BigDecimal available = (BigDecimal) r[3];
            String message = threshold.signum() == 0
                    ? "funds exhausted: top up or get a voucher; running leases end after the grace period and new"
                    + " leases and renewals are refused"
                    : "funds low: " + available.toPlainString() + " " + r[1] + " left to spend (threshold "
                    + threshold.toPlainString() + ")";
            return new Notice(FundsLedger.instant(r[0]), (String) r[1], threshold, available, (BigDecimal) r[4],
                    message);
        }).toList();
    }

    private List<TopUpView> topUps(String tenantId, String reference) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, amount, currency, recorded_by, recorded_at"
                        + " from top_ups where tenant_id = ?1 and reference = ?2")
                .setParameter(1, tenantId).setParameter(2, reference).getResultList();
        return rows.stream().map(r -> new TopUpView(((Number) r[0]).longValue(), tenantId, (BigDecimal) r[1],
                (String) r[2], reference, (String) r[3], FundsLedger.instant(r[4]),
                balance(tenantId, Currency.getInstance((String) r[2])), false)).toList();
    }

    private BigDecimal balance(String tenantId, Currency currency) {
        return (BigDecimal) em.createNativeQuery("select balance from tenant_balances where tenant_id = ?1"
                        + " and currency = ?2").setParameter(1, tenantId).setParameter(2, currency.getCurrencyCode())
                .getSingleResult();
    }

    private Currency currency(String code) {
        String c = code == null ? defaultCurrency : code;
        try {
            Currency currency = Currency.getInstance(c);
            if (currency.getDefaultFractionDigits() < 0) {
                throw new IllegalArgumentException("no minor unit");
            }
            return currency;
        } catch (IllegalArgumentException e) {
            throw invalid("currency", "currency " + c + " is not an ISO 4217 currency code");
        }
    }

    private static void addOnce(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }

    private static BigDecimal figure(List<Object[]> rows, String currency) {
        return rows.stream().filter(r -> currency.equals(r[0])).map(r -> (BigDecimal) r[1]).findFirst()
                .orElse(BigDecimal.ZERO.setScale(2));
    }

    static ProblemException invalid(String field, String detail) {
        return new InvalidFunds(field, detail);
    }

    /** A bad funds request: 400 naming the field. */
    static final class InvalidFunds extends ProblemException {

        private final String field;

        InvalidFunds(String field, String detail) {
            super(400, "invalid-request", "Invalid request", detail, List.of());
            this.field = field;
        }

        @Override
        public Problem toProblem() {
            Problem p = super.toProblem();
            return new Problem(p.type(), p.title(), p.status(), p.detail(),
                    List.of(new Problem.FieldError(field, p.detail())), List.of());
        }
    }
}
