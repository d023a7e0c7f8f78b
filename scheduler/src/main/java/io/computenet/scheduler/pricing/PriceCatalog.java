package io.computenet.scheduler.pricing;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.pricing.PriceBookEvent;
import io.computenet.placement.PriceFilter;
import io.computenet.pricing.PriceBook;
import io.computenet.pricing.PriceQuery;
import io.computenet.pricing.PriceTerm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The price books as this scheduler instance last received them from billing's compacted
 * {@code computenet.price-books.v1} ({@link PriceBookConsumer}, read from the beginning at every start, into a
 * {@link PriceBookCopy}), answered by the same pure {@link PriceBook} billing rates with (the price in force now: the
 * operator's own, else the marketplace default). Used for quotes, for ranking a lease request's options, for price
 * ceilings and for the price a lease records. It answers from memory only: nothing here calls billing, so nothing on
 * the lease path waits for billing, under the allocation lock or elsewhere.
 *
 * <p>Before any book has arrived (billing has not published yet, or the topic is still being read after a start)
 * there are no prices: {@link #book()} is empty, a lease with a price ceiling waits in the queue saying so (or is
 * refused when it may not wait), quotes list no price, options are ranked without prices and a placed lease records
 * none. As soon as a book arrives, the next decision uses it.
 */
@ApplicationScoped
public class PriceCatalog {

    private static final Logger LOG = Logger.getLogger(PriceCatalog.class);

    @Inject
    Clock clock;

    private final PriceBookCopy copy = new PriceBookCopy();
    private volatile Optional<PriceBook> book = Optional.empty();

    /**
     * Keeps the book unless as new a version of it is kept already.
     *
     * @return whether the prices changed
     * @throws IllegalArgumentException when an entry is no price (the prices stay as they were)
     */
    public synchronized boolean apply(PriceBookEvent event) {
        if (!copy.apply(event)) {
            return false;
        }
        book = copy.book();
        LOG.infof("price book %s v%d received: %d entries", event.key(), event.version(), event.entries().size());
        return true;
    }

    /** The whole-device on-demand prices now, or empty before any book has arrived (see {@link #book()}). */
    public Optional<PriceFilter.Prices> current() {
        Instant now = clock.instant();
        return book().map(prices -> wholeDevicesOnDemand(prices, now));
    }

    /** The book's whole-device on-demand prices at {@code now}, as the price ceiling compares them. */
    public static PriceFilter.Prices wholeDevicesOnDemand(PriceBook book, Instant now) {
        return (operator, region, model) -> book.priceAt(PriceQuery.wholeDevice(operator, region, model), now)
                .map(io.computenet.pricing.Price::pricePerDeviceHour);
    }

    /**
     * Every option's price at {@code now} from the book (its slice kind and profile, on demand or interruptible): how
     * quotes are priced and ranked, and the lease decision ranks the same options with the same prices.
     */
    public static io.computenet.scheduler.decision.Quotes.Pricing options(PriceBook book, Instant now) {
        return (o, interruptible) -> book.priceAt(new PriceQuery(o.operatorId(), o.region(), o.model(),
                o.sliceKind() == null ? null : SliceKind.valueOf(o.sliceKind()), o.sliceProfile(),
                interruptible ? PriceTerm.INTERRUPTIBLE : PriceTerm.ON_DEMAND), now)
                .map(io.computenet.pricing.Price::pricePerDeviceHour);
    }

    /** Every price received, in the marketplace currency, or empty before any book has arrived. */
    public Optional<PriceBook> book() {
        return book;
    }
}
