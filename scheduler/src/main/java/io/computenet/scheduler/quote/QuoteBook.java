package io.computenet.scheduler.quote;

import io.computenet.placement.PlacementRequest;
import io.computenet.pricing.rating.LeaseCost;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.decision.LeaseDecision;
import io.computenet.scheduler.decision.Quotes;
import io.computenet.scheduler.placement.CapacitySnapshots;
import io.computenet.scheduler.placement.PlacementPolicies;
import io.computenet.scheduler.pricing.PriceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues quotes and hands them to the lease path. A quote is one of the options {@link Quotes#ranked} lists for the
 * request, in that order (the order the lease decision places by), priced from the price books with the one price
 * lookup (per device-hour for its slice kind and profile, the estimate rated as the bill is), stored with its id and
 * held for {@code computenet.scheduler.quotes.hold} (15 minutes by default).
 */
@ApplicationScoped
public class QuoteBook {

    /** Most quotes answered (and stored) per request. */
    public static final int MAX_QUOTES = 5;

    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;
    @Inject
    PriceCatalog prices;
    @Inject
    CapacitySnapshots snapshots;
    @Inject
    PlacementPolicies policies;

    /**
     * The request as asked: what the lease would be.
     *
     * @param maxPricePerHour leaves out options that cost more an hour (all devices), or null
     */
    public record Ask(String tenantId, PlacementRequest request, int durationMinutes, BigDecimal maxPricePerHour) {
    }

    /** One quote as the API shows it. */
    public record QuoteView(String quoteId, Instant validUntil, String region, String tier, boolean preferredTier,
                            String operatorId, String vendor, String model, BigDecimal deviceMemoryGiB,
                            BigDecimal pricePerDeviceHour, BigDecimal pricePerHour, BigDecimal estimatedCost,
                            String currency, String sliceKind, String sliceProfile, BigDecimal share) {
    }

    /** The quotes, best first (the first is where a lease of this request without a quote goes), and why not more. */
    public record QuoteList(List<QuoteView> quotes, List<String> reasons) {
    }

    /** Quotes for the request now, stored and held. */
    @Transactional
    public QuoteList issue(Ask ask) {
        Instant now = clock.instant();
        Optional<io.computenet.pricing.PriceBook> book = prices.book();
        Quotes.Pricing pricing = book.<Quotes.Pricing>map(b -> PriceCatalog.options(b, now))
                .orElse((o, interruptible) -> Optional.empty());
        PlacementRequest request = ask.request();
        List<Quotes.Ranked> ranked = Quotes.ranked(request, snapshots.current(), policies.current(), pricing, false);
        Currency currency = Currency.getInstance(LeaseDecision.CURRENCY);
        List<QuoteView> quotes = new ArrayList<>();
        int unpriced = 0;
        int tooDear = 0;
        BigDecimal cheapestLeftOut = null;
        for (Quotes.Ranked r : ranked) {
            if (r.pricePerDeviceHour() == null) {
                unpriced++;
                continue;
            }
            Quotes.Option o = r.option();
            BigDecimal perHour = r.pricePerDeviceHour().multiply(o.share())
                    .multiply(BigDecimal.valueOf(request.deviceCount()));
            if (ask.maxPricePerHour() != null && perHour.compareTo(ask.maxPricePerHour()) > 0) {
                tooDear++;
                cheapestLeftOut = cheapestLeftOut == null || perHour.compareTo(cheapestLeftOut) < 0 ? perHour
                        : cheapestLeftOut;
                continue;
            }
            if (quotes.size() < MAX_QUOTES) {
                quotes.add(view(store(ask, r, now)));
            }
        }
        List<String> reasons = new ArrayList<>();
        if (ranked.isEmpty()) {
            reasons.add("no region has " + request.deviceCount() + " free device(s) with >= "
                    + memoryGiB(request.memoryMiBPerDevice()).toPlainString() + " GiB on one node right now"
                    + (request.region() == null ? "" : " in " + request.region())
                    + "; a lease request would wait in the queue");
        }
        if (tooDear > 0) {
            reasons.add("price: " + tooDear + " option(s) cost more than the ceiling of "
                    + ask.maxPricePerHour().toPlainString() + " " + currency + " per hour (the cheapest "
                    + cheapestLeftOut.setScale(2, RoundingMode.HALF_UP).toPlainString() + " " + currency
                    + " per hour)");
        }
        if (unpriced > 0) {
            reasons.add("price: " + unpriced + " option(s) have no price in " + currency
                    + (book.isEmpty() ? " (no price books have arrived from billing yet)" : " yet"));
        }
        return new QuoteList(quotes, reasons);
    }

    /**
     * The tenant's quote, locked, to be booked now: another tenant's or an unknown id is not found, a booked one is
     * refused, an expired one is gone (410 with its {@code validUntil}).
     */
    public QuoteEntity claim(String tenantId, String quoteId, Instant now) {
        QuoteEntity q = QuoteEntity.findById(quoteId, LockModeType.PESSIMISTIC_WRITE);
        QuoteHold.checkBookable(q == null ? null : new QuoteHold.Quote(q.quoteId, q.tenantId, q.validUntil,
                q.bookedLeaseId), quoteId, tenantId, Clock.fixed(now, java.time.ZoneOffset.UTC));
        return q;
    }

    private QuoteEntity store(Ask ask, Quotes.Ranked r, Instant now) {
        Quotes.Option o = r.option();
        PlacementRequest request = ask.request();
        QuoteEntity q = new QuoteEntity();
        q.quoteId = "qt-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        q.tenantId = ask.tenantId();
        q.createdAt = now;
        q.validUntil = QuoteHold.validUntil(Clock.fixed(now, java.time.ZoneOffset.UTC), hold());
        q.region = o.region();
        q.tier = o.tier();
        q.operatorId = o.operatorId();
        q.vendor = o.vendor();
        q.deviceModel = o.model();
        q.deviceMemoryMiB = o.deviceMemoryMiB();
        q.sliceKind = o.sliceKind();
        q.sliceProfile = o.sliceProfile();
        q.share = o.share();
        q.memoryMiBPerDevice = request.memoryMiBPerDevice();
        q.deviceCount = request.deviceCount();
        q.durationMinutes = ask.durationMinutes();
        q.workloadClass = request.workloadClass();
        q.computePct = request.computePct();
        q.sharing = request.sharing();
        q.framework = request.framework() == null ? null : request.framework().displayName();
        q.pricePerDeviceHour = r.pricePerDeviceHour();
        q.currency = LeaseDecision.CURRENCY;
        q.persist();
        return q;
    }

    private Duration hold() {
        return config.quotes().hold();
    }

    /** The quote as shown: per hour and the duration's estimate as the lease view will show them. */
    static QuoteView view(QuoteEntity q) {
        LeaseCost cost = LeaseCost.of(q.pricePerDeviceHour, Currency.getInstance(q.currency), q.deviceCount, q.share,
                q.durationMinutes * 60L);
        return new QuoteView(q.quoteId, q.validUntil, q.region, q.tier, q.tier.equals(q.workloadClass
                .preferredTier().name().toLowerCase(java.util.Locale.ROOT)), q.operatorId, q.vendor.name(),
                q.deviceModel, memoryGiB(q.deviceMemoryMiB).setScale(1, RoundingMode.DOWN), q.pricePerDeviceHour,
                cost.pricePerHour(), cost.estimatedCost(), q.currency, q.sliceKind, q.sliceProfile, q.share);
    }

    private static BigDecimal memoryGiB(long mib) {
        return new BigDecimal(BigDecimal.valueOf(mib).divide(BigDecimal.valueOf(1024), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString()); // 40, not 4E+1
    }
}
