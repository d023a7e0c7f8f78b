package io.computenet.billing.pricing;

import io.computenet.billing.delivery.AckedSender;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.pricing.PriceBookEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Announces the price books on the compacted {@link Topics#PRICE_BOOKS}: each
 * {@code computenet.billing.price-book-publish-interval} (1 s) it compares every book's version (its highest entry id:
 * entries are only ever added) with the version this process last had acknowledged, and sends each book whose version
 * moved as one record holding all its entries (key: {@link PriceBookEvent#bookKey}). Nothing is marked at start, so
 * every book is sent again when billing starts; a send counts only once the broker acknowledged it, so a failure is
 * tried again on the next run. Sending a book twice, or from two billing instances, is harmless: readers keep the
 * highest version per book.
 */
@ApplicationScoped
public class PriceBookPublisher {

    private static final Logger LOG = Logger.getLogger(PriceBookPublisher.class);

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    AckedSender sender;

    /** Book key to the version the broker acknowledged from this process. */
    private final Map<String, Long> published = new ConcurrentHashMap<>();

    @Scheduled(every = "${computenet.billing.price-book-publish-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publish() {
        try {
            publishChanged();
        } catch (RuntimeException e) {
            // nothing was marked for what failed: the next run sends it again
            LOG.warnf(e, "could not publish the price books");
        }
    }

    /** Sends every book whose version this process has not had acknowledged yet; returns how many. */
    public int publishChanged() {
        Map<String, Long> versions = QuarkusTransaction.requiringNew().call(this::versions);
        int sent = 0;
        for (Map.Entry<String, Long> book : versions.entrySet()) {
            if (book.getValue() <= published.getOrDefault(book.getKey(), 0L)) {
                continue;
            }
            PriceBookEvent state = QuarkusTransaction.requiringNew().call(() -> state(book.getKey()));
            sender.send(Topics.PRICE_BOOKS, state.key(), EventCodec.encode(state));
            published.merge(state.key(), state.version(), Math::max);
            sent++;
            LOG.debugf("price book %s v%d sent (%d entries)", state.key(), state.version(), state.entries().size());
        }
        return sent;
    }

    /** Every book's key and version (its highest entry id). */
    private Map<String, Long> versions() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select operator_id, max(id) from price_book_entries"
                + " group by operator_id").getResultList();
        Map<String, Long> versions = new HashMap<>();
        rows.forEach(r -> versions.put(PriceBookEvent.bookKey((String) r[0]), ((Number) r[1]).longValue()));
        return versions;
    }

    /** The book's entries now, labelled with the highest id among them. */
    private PriceBookEvent state(String key) {
        String operatorId = PriceBookEvent.operatorOf(key);
        List<PriceBookEntry> entries = operatorId == null ? PriceBookEntry.list("operatorId is null order by id")
                : PriceBookEntry.list("operatorId = ?1 order by id", operatorId);
        long version = entries.stream().mapToLong(e -> e.id).max().orElseThrow();
        return PriceBookEvent.of(clock.instant(), operatorId, version, entries.stream().map(e ->
                new PriceBookEvent.Entry(e.region, e.deviceModel, e.sliceKind == null ? null : e.sliceKind.name(),
                        e.sliceProfile, e.term.name(), e.pricePerDeviceHour, e.currency, e.validFrom)).toList());
    }
}
