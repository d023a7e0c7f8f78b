package io.computenet.billing.funds;

import io.computenet.billing.metering.ChargeEntity;
import io.computenet.pricing.funds.Draw;
import io.computenet.pricing.funds.Drawing;
import io.computenet.pricing.funds.Funds;
import io.computenet.pricing.funds.FundsGate;
import io.computenet.pricing.funds.Usage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The funds draws of the charges rated in one transaction: a chunk of lease events, or one event or accrual. Each
 * charge's draws are decided as before, one charge at a time in the chunk's order, by the pure {@link Drawing} on the
 * lease's earlier draws and the tenant's funds as the draws before it left them; what costs statements is done once
 * per chunk instead of once per charge:
 * <ul>
 *   <li>the earlier draws of all the chunk's leases are read in one query when the chunk is made (the caller holds
 *   their charges locked), and each new draw is added to them in memory, so a lease rated twice in a chunk (started,
 *   then ended) follows its own first draws;</li>
 *   <li>a tenant's funds in a currency are locked once, at its first draw in the chunk, and kept in memory as each
 *   draw changes them ({@link Funds#after});</li>
 *   <li>a prepaid tenant's funds state is marked changed once (its version counts chunks that drew, not draws);</li>
 *   <li>{@link #write} records the draws as one JDBC batch, in the order they were decided, and updates each balance
 *   and voucher touched once, by the sum of its draws.</li>
 * </ul>
 * So the draw records, balances and vouchers are exactly those of one charge at a time; a low-funds notice is
 * decided per charge, on the figures before and after its draws, as before. Not thread-safe: one transaction's.
 */
public final class FundsChunk {

    /** A tenant's funds in one currency. */
    private record Account(String tenantId, Currency currency) {
    }

    private final FundsLedger ledger;
    private final Clock clock;
    private final String defaultCurrency;
    private final List<BigDecimal> thresholds;
    private final Map<String, List<FundsLedger.DrawRow>> drawsByLease;
    private final Map<Account, Funds> locked = new HashMap<>();
    private final Map<String, Boolean> prepaid = new HashMap<>();
    private final List<FundsLedger.DrawRow> pending = new ArrayList<>();
    private final Map<Account, BigDecimal> balanceTaken = new LinkedHashMap<>();
    private final Map<String, BigDecimal> voucherTaken = new LinkedHashMap<>();

    FundsChunk(FundsLedger ledger, Clock clock, String defaultCurrency, List<BigDecimal> thresholds,
               Map<String, List<FundsLedger.DrawRow>> drawsByLease) {
        this.ledger = ledger;
        this.clock = clock;
        this.defaultCurrency = defaultCurrency;
        this.thresholds = thresholds;
        this.drawsByLease = drawsByLease;
    }

    /**
     * Draws the delta between the charge's amount and what its lease has drawn so far (see {@link Drawing}), in
     * memory until {@link #write}. The charge's lease must be one the chunk was made for.
     */
    public void follow(ChargeEntity charge) {
        if (charge.currency == null) {
            return; // nothing priced yet
        }
        Currency currency = Currency.getInstance(charge.currency);
        BigDecimal amount = charge.amount == null ? BigDecimal.ZERO : charge.amount;
        Instant at = charge.accruedUntil == null ? charge.startedAt : charge.accruedUntil;
        List<FundsLedger.DrawRow> rows = drawsByLease.computeIfAbsent(charge.leaseId, k -> new ArrayList<>());
        List<Draw> earlier = rows.stream().filter(r -> r.currency().equals(currency)).map(FundsLedger.DrawRow::draw)
                .toList();
        BigDecimal drawn = earlier.stream().map(Draw::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (drawn.compareTo(amount) == 0) {
            return; // the common replay: nothing to lock
        }
        Instant now = clock.instant();
        Account account = new Account(charge.tenantId, currency);
        Funds funds = locked.get(account);
        if (funds == null) {
            funds = ledger.lock(charge.tenantId, currency, now);
        }
        List<Draw> draws = Drawing.follow(new Usage(charge.leaseId, charge.region, charge.vendor, currency, amount, at),
                earlier, funds);
        Funds after = funds.after(draws);
        locked.put(account, after);
        for (Draw d : draws) {
            FundsLedger.DrawRow row = new FundsLedger.DrawRow(charge.tenantId, charge.leaseId, currency, d, at, now);
            rows.add(row);
            pending.add(row);
            if (d.fromBalance()) {
                balanceTaken.merge(account, d.amount(), BigDecimal::add);
            } else {
                voucherTaken.merge(d.voucherId(), d.amount(), BigDecimal::add);
            }
        }
        if (!draws.isEmpty() && currency.getCurrencyCode().equals(defaultCurrency)
                && prepaid.computeIfAbsent(charge.tenantId, t -> ledger.changed(t, now))) {
            // a prepaid tenant: its new state is announced; a threshold crossed makes a notice
            FundsGate.crossed(FundsGate.availableAnywhere(funds, now), FundsGate.availableAnywhere(after, now),
                    thresholds).ifPresent(t -> ledger.notice(charge.tenantId, currency, t,
                    FundsGate.availableAnywhere(after, now), after.balance(), now));
        }
    }

    /** Writes the chunk's draws and takes them from their sources: one batch, one update per source touched. */
    public void write() {
        if (pending.isEmpty()) {
            return;
        }
        ledger.record(pending);
        Instant now = clock.instant();
        balanceTaken.forEach((account, taken) -> ledger.credit(account.tenantId(), account.currency(),
                taken.negate(), now));
        voucherTaken.forEach(ledger::takeFromVoucher);
        pending.clear();
        balanceTaken.clear();
        voucherTaken.clear();
    }
}
