package io.computenet.scheduler.pricing;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.pricing.PriceBookEvent;
import io.computenet.pricing.PriceBook;
import io.computenet.pricing.PriceEntry;
import io.computenet.pricing.PriceTerm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler's copy of billing's price books, made from the records of {@code computenet.price-books.v1} (one per
 * book, each holding the whole book): per book the record with the highest version is kept and an older or repeated
 * one changes nothing, so redelivery, replay from the beginning and records out of order are harmless. Answers with
 * the pure {@link PriceBook} billing rates with, over the entries in the marketplace currency (a ceiling is compared
 * in CNY); before any book has arrived there is none ({@link #book()} empty). Framework-free; not thread-safe (the
 * owner serialises {@link #apply}).
 */
public final class PriceBookCopy {

    /** A book as kept: its version and its entries in the marketplace currency. */
    private record Kept(long version, List<PriceEntry> entries) {
    }

    private final Map<String, Kept> books = new HashMap<>();
    private PriceBook book;

    /**
     * Keeps the record's book unless a book of the same or a higher version is kept.
     *
     * @return whether the copy changed
     * @throws IllegalArgumentException when an entry cannot be a price (unknown slice kind or term, bad price): the
     *                                  copy is then left as it was
     */
    public boolean apply(PriceBookEvent event) {
        Kept kept = books.get(event.key());
        if (kept != null && kept.version() >= event.version()) {
            return false;
        }
        books.put(event.key(), new Kept(event.version(), entries(event)));
        List<PriceEntry> all = new ArrayList<>();
        books.values().forEach(k -> all.addAll(k.entries()));
        book = PriceBook.of(all);
        return true;
    }

    /** Every price of every book received, or empty before the first book has arrived. */
    public Optional<PriceBook> book() {
        return Optional.ofNullable(book);
    }

    /** The version kept for a book key, or 0 when none. */
    public long version(String bookKey) {
        Kept kept = books.get(bookKey);
        return kept == null ? 0 : kept.version();
    }

    /** The record's entries as prices, those in another currency than the marketplace's left out. */
    static List<PriceEntry> entries(PriceBookEvent event) {
        List<PriceEntry> entries = new ArrayList<>();
        for (PriceBookEvent.Entry e : event.entries()) {
            if (!PriceEntry.DEFAULT_CURRENCY.getCurrencyCode().equals(e.currency())) {
                continue;
            }
            try {
                entries.add(new PriceEntry(event.operatorId(), e.region(), e.deviceModel(),
                        e.sliceKind() == null ? null : SliceKind.valueOf(e.sliceKind()), e.sliceProfile(),
                        PriceTerm.valueOf(e.term()), e.pricePerDeviceHour(), PriceEntry.DEFAULT_CURRENCY,
                        e.validFrom()));
            } catch (IllegalArgumentException | NullPointerException ex) {
                throw new IllegalArgumentException("price book " + event.key() + " v" + event.version()
                        + ": entry " + e + " is not a price: " + ex.getMessage(), ex);
            }
        }
        return entries;
    }
}
