package io.computenet.scheduler.quote;

import io.computenet.contracts.api.Memory;
import io.computenet.contracts.api.Quote;
import io.computenet.placement.RegionTier;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.gang.GangRequest;
import io.computenet.pricing.rating.LeaseCost;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.decision.LeaseDecision;
import io.computenet.scheduler.decision.Quotes;
import io.computenet.scheduler.placement.CapacitySnapshots;
import io.computenet.scheduler.placement.NodeTopologies;
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
 * held for {@code computenet.scheduler.quotes.hold} (15 minutes by default). A gang's quotes are its options for
 * the whole gang ({@link Quotes#rankedGangs}), priced for all N x M devices.
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
    @Inject
    NodeTopologies topologies;

    /**
     * The request as asked: what the lease would be.
     *
     * @param request         what each node would hold
     * @param nodes           1, or a gang's node count: every option is then the whole gang on that many nodes
     * @param maxPricePerHour leaves out options that cost more an hour (all devices), or null
     */
    public record Ask(String tenantId, PlacementRequest request, int nodes, int durationMinutes,
                      BigDecimal maxPricePerHour) {

        /** Every device of the lease, on all its nodes. */
        int totalDevices() {
            return nodes * request.deviceCount();
        }
    }

    /** Quotes for the request now, stored and held. */
    @Transactional
    public Quote.QuoteList issue(Ask ask) {
        Instant now = clock.instant();
        Optional<io.computenet.pricing.PriceBook> book = prices.book();
        Quotes.Pricing pricing = book.<Quotes.Pricing>map(b -> PriceCatalog.options(b, now))
                .orElse((o, interruptible) -> Optional.empty());
        PlacementRequest request = ask.request();
        List<Quotes.Ranked> ranked = ask.nodes() > 1
                ? Quotes.rankedGangs(GangRequest.of(request, ask.nodes(), request.deviceCount()),
                        snapshots.current(), topologies.labels()::get, pricing)
                : Quotes.ranked(request, snapshots.current(), policies.current(), pricing, false);
        Currency currency = Currency.getInstance(LeaseDecision.CURRENCY);
        List<Quote> quotes = new ArrayList<>();
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
                    .multiply(BigDecimal.valueOf(ask.totalDevices()));
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
                    + Memory.gib(request.memoryMiBPerDevice()).toPlainString() + " GiB on "
                    + (ask.nodes() > 1 ? "each of " + ask.nodes() + " nodes of one cluster" : "one node")
                    + " right now" + (request.region() == null ? "" : " in " + request.region())
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
        return new Quote.QuoteList(quotes, reasons);
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
        q.deviceCount = ask.totalDevices();
        q.nodeCount = ask.nodes();
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
    static Quote view(QuoteEntity q) {
        LeaseCost cost = LeaseCost.of(q.pricePerDeviceHour, Currency.getInstance(q.currency), q.deviceCount, q.share,
                q.durationMinutes * 60L);
        RegionTier tier = RegionTier.parse(q.tier); // stored lower case; the API answers enums in upper case
        return new Quote(q.quoteId, q.validUntil, q.region, tier.name(), tier == q.workloadClass.preferredTier(),
                q.operatorId, q.vendor.name(), q.deviceModel, Memory.deviceGiB(q.deviceMemoryMiB),
                q.pricePerDeviceHour, cost.pricePerHour(), cost.estimatedCost(), q.currency, q.sliceKind, q.sliceProfile, q.share,
                q.nodeCount, q.deviceCount / q.nodeCount);
    }
}
