package io.computenet.billing.metering;

import io.computenet.billing.funds.FundsChunk;
import io.computenet.billing.funds.FundsService;
import io.computenet.billing.pricing.PriceBooks;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.pricing.PriceBook;
import io.computenet.pricing.PriceEntry;
import io.computenet.pricing.PriceQuery;
import io.computenet.pricing.PriceTerm;
import io.computenet.pricing.rating.BillableUsage;
import io.computenet.pricing.rating.Rated;
import io.computenet.pricing.rating.RatedLine;
import io.computenet.pricing.rating.Rating;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Turns lease events into charges and keeps running leases' charges current. {@code lease.started} opens a charge;
 * while the lease runs, {@link #accrue} rates it from its start up to now (the {@link AccrualJob} calls it at least
 * once a minute); {@code lease.ended} rates it up to the exact end and closes it. Each rating is the pure
 * {@link Rating} of the whole interval so far with the prices valid at each instant, and replaces the charge's lines:
 * rating again (a re-run, a redelivered event, an event out of order) never charges twice. A lease that never started
 * gets no charge. Events are applied once by event id; the charge row is locked while it is rated.
 */
@ApplicationScoped
public class MeteringService {

    private static final Logger LOG = Logger.getLogger(MeteringService.class);
    /** A batch may take long on a starved machine; a timeout would only make it fall back to one event at a time. */
    static final int BATCH_TIMEOUT_SECONDS = 300;

    @Inject
    ProcessedEvents processed;
    @Inject
    PriceBooks priceBooks;
    @Inject
    Clock clock;
    @Inject
    EntityManager em;
    @Inject
    FundsService funds;

    @Transactional
    public void apply(LeaseEvent event) {
        if (processed.firstTime(event.eventId(), clock.instant())) {
            FundsChunk draws = fundsOf(List.of(event.leaseId()));
            applyFirstTime(event, draws);
            draws.write();
        }
    }

    /**
     * Applies a batch of events in one transaction, in order (several may be of one lease: each reads what the one
     * before wrote). Each event's writes are flushed and the persistence context cleared before the next, so a batch
     * costs one commit but no more work per event than {@link #apply} (no growing set of entities to check at every
     * flush). The charges of the batch's leases are locked up front (in lease order), and their funds draws are
     * decided per event but read and written once per batch ({@link FundsChunk}). A failure rolls the whole batch
     * back, its event ids included.
     */
    @Transactional
    @TransactionConfiguration(timeout = BATCH_TIMEOUT_SECONDS)
    public void applyAll(List<LeaseEvent> events) {
        // the batch's event ids in one statement; an id twice in the batch is applied at its first place
        Set<String> fresh = processed.firstTimes(events.stream().map(LeaseEvent::eventId).toList(), clock.instant());
        List<String> leases = events.stream().filter(e -> fresh.contains(e.eventId())).map(LeaseEvent::leaseId)
                .distinct().toList();
        FundsChunk draws = fundsOf(leases);
        for (LeaseEvent event : events) {
            if (fresh.remove(event.eventId())) {
                applyFirstTime(event, draws);
                em.flush();
                em.clear();
            }
        }
        draws.write();
    }

    /**
     * Locks the charges these leases have (in lease order: two transactions lock shared charges in the same order)
     * and reads their funds draws so far, once for all of them. A charge opened later in the transaction is new: no
     * other transaction sees it, nor has drawn for it.
     */
    private FundsChunk fundsOf(List<String> leaseIds) {
        if (!leaseIds.isEmpty()) {
            em.unwrap(Session.class).doWork(c -> {
                Array ids = c.createArrayOf("varchar", leaseIds.toArray());
                try (PreparedStatement s = c.prepareStatement("select lease_id from charges where lease_id = any(?)"
                        + " order by lease_id for update")) {
                    s.setArray(1, ids);
                    s.executeQuery().close();
                } finally {
                    ids.free();
                }
            });
        }
        return funds.chunk(leaseIds);
    }

    /** Applies an event whose id was just recorded as processed; its lease's draws go to {@code draws}. */
    private void applyFirstTime(LeaseEvent event, FundsChunk draws) {
        switch (event.type()) {
            case LeaseEvent.TYPE_STARTED -> {
                ChargeEntity charge = open(event);
                if (charge.running()) {
                    rate(charge, clock.instant(), draws);
                }
            }
            case LeaseEvent.TYPE_ENDED -> close(event, draws);
            default -> {
                // lease.scheduled carries nothing to meter
            }
        }
    }

    /** The leases whose charges still accrue. */
    @Transactional
    public List<String> running() {
        return em.createQuery("select c.leaseId from ChargeEntity c where c.endedAt is null order by c.leaseId",
                String.class).getResultList();
    }

    /** How many charges have seconds without a valid price. */
    @Transactional
    public long countUnpriced() {
        return em.createQuery("select count(c) from ChargeEntity c where c.status = ?1", Long.class)
                .setParameter(1, ChargeEntity.Status.UNPRICED).getSingleResult();
    }

    /** Rates a running lease up to now; false when it has ended (its end closed the charge). */
    @Transactional
    public boolean accrue(String leaseId) {
        ChargeEntity charge = em.find(ChargeEntity.class, leaseId, LockModeType.PESSIMISTIC_WRITE);
        if (charge == null || !charge.running()) {
            return false;
        }
        FundsChunk draws = funds.chunk(List.of(leaseId));
        rate(charge, clock.instant(), draws);
        draws.write();
        return true;
    }

    private ChargeEntity open(LeaseEvent e) {
        ChargeEntity charge = em.find(ChargeEntity.class, e.leaseId(), LockModeType.PESSIMISTIC_WRITE);
        if (charge != null) {
            return charge;
        }
        charge = new ChargeEntity();
        charge.leaseId = e.leaseId();
        charge.tenantId = e.tenantId();
        charge.operatorId = e.operatorId();
        charge.region = e.region();
        charge.vendor = e.vendor();
        charge.deviceModel = e.deviceModel();
        charge.deviceCount = e.deviceCount();
        charge.share = e.share();
        charge.sliceKind = e.sliceKind();
        charge.sliceProfile = e.sliceProfile();
        charge.interruptible = Boolean.TRUE.equals(e.interruptible());
        charge.heldPricePerDeviceHour = e.heldPricePerDeviceHour();
        charge.heldPriceCurrency = e.heldPriceCurrency();
        charge.startedAt = e.startedAt();
        charge.accruedUntil = e.startedAt();
        charge.seconds = 0L;
        charge.status = ChargeEntity.Status.OPEN;
        charge.persist();
        return charge;
    }

    private void close(LeaseEvent e, FundsChunk draws) {
        if (e.startedAt() == null) {
            LOG.debugf("lease %s ended without starting (%s): not charged", e.leaseId(), e.reason());
            return;
        }
        ChargeEntity charge = open(e);
        if (!charge.running()) {
            return;
        }
        charge.endedAt = e.endedAt();
        charge.endState = e.state().name();
        rate(charge, charge.endedAt, draws);
    }

    /**
     * The one price a lease that booked a quote is rated at: a book of a single entry for exactly its query, valid
     * since ever, so the same rating (seconds, month splits, rounding) applies as for every other lease.
     */
    private static PriceBook held(PriceQuery query, ChargeEntity charge) {
        return PriceBook.of(List.of(new PriceEntry(query.operatorId(), query.region(), query.deviceModel(),
                query.sliceKind(), query.sliceProfile(), query.term(), charge.heldPricePerDeviceHour,
                java.util.Currency.getInstance(charge.heldPriceCurrency), Instant.EPOCH)));
    }

    /**
     * Rates the charge from its start up to {@code until}, replaces its lines with the result and has its funds
     * follow the new amount ({@code draws}, written by the caller).
     */
    private void rate(ChargeEntity charge, Instant until, FundsChunk draws) {
        PriceQuery query = new PriceQuery(charge.operatorId, charge.region, charge.deviceModel,
                charge.sliceKind == null ? null : SliceKind.valueOf(charge.sliceKind), charge.sliceProfile,
                charge.interruptible ? PriceTerm.INTERRUPTIBLE : PriceTerm.ON_DEMAND);
        PriceBook book = charge.heldPricePerDeviceHour == null ? priceBooks.book() : held(query, charge);
        Rated rated = BillableUsage.of(query, charge.deviceCount, charge.share, charge.startedAt, until)
                .map(u -> Rating.rate(u, book)).orElseGet(() -> new Rated(List.of()));
        // plain SQL: no JPQL translation per rating; synchronised on the lines only, so a charge opened in this
        // event is not flushed (inserted, then updated) before it is rated
        em.createNativeQuery("delete from charge_lines where lease_id = ?1").unwrap(NativeQuery.class)
                .addSynchronizedEntityClass(ChargeLineEntity.class).setParameter(1, charge.leaseId).executeUpdate();
        BigDecimal total = null;
        for (RatedLine r : rated.pricedLines()) {
            ChargeLineEntity line = new ChargeLineEntity();
            line.leaseId = charge.leaseId;
            line.period = r.period().toString();
            line.periodStart = r.start();
            line.periodEnd = r.end();
            line.seconds = r.seconds();
            line.amount = r.amount();
            line.pricePerDeviceHour = r.pricePerDeviceHour();
            line.currency = r.currency().getCurrencyCode();
            line.persist();
            if (!line.currency.equals(charge.currency)) {
                // the charge shows the latest price; a currency change restarts its total (lines keep each amount)
                charge.currency = line.currency;
                total = null;
            }
            charge.pricePerDeviceHour = r.pricePerDeviceHour();
            total = total == null ? r.amount() : total.add(r.amount());
        }
        long unpricedBefore = charge.unpricedSeconds;
        charge.seconds = rated.seconds();
        charge.unpricedSeconds = rated.unpricedSeconds();
        charge.amount = total == null && charge.unpricedSeconds == 0 ? BigDecimal.ZERO.setScale(2) : total;
        charge.accruedUntil = until.isBefore(charge.startedAt) ? charge.startedAt : until;
        if (charge.unpricedSeconds > 0) {
            charge.status = ChargeEntity.Status.UNPRICED;
            if (unpricedBefore == 0) {
                LOG.errorf("lease %s of tenant %s has %d s without a valid price (%s %s in %s from operator %s):"
                                + " listed as UNPRICED, not charged for them", charge.leaseId, charge.tenantId,
                        charge.unpricedSeconds, charge.deviceModel, charge.sliceKind == null ? "" : charge.sliceKind,
                        charge.region, charge.operatorId);
            }
        } else {
            charge.status = charge.running() ? ChargeEntity.Status.OPEN : ChargeEntity.Status.CLOSED;
        }
        // the tenant's funds follow the rated amount in the same transaction (only the delta since the last draw)
        draws.follow(charge);
    }
}
