package io.computenet.contracts.pricing;

import io.computenet.contracts.Event;
import io.computenet.contracts.EventChecks;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One price book as billing holds it ({@code price-book.state}): every entry ever written for one operator, or for the
 * marketplace default ({@code operatorId} null), each with its validity start, on the compacted
 * {@code computenet.price-books.v1}, keyed by {@link #bookKey}. The record is the whole book, so the latest record
 * per key is all a reader needs and compaction keeps the whole current state. {@code version} is the highest entry id
 * of the book (entries are never updated or deleted; a change is a new entry), so a later state has a higher version
 * and a reader keeps the highest it has seen, ignoring older or repeated records.
 *
 * @param entries every entry of the book, in the order billing wrote them
 */
public record PriceBookEvent(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String operatorId,
        long version,
        List<Entry> entries) implements Event {

    public static final String TYPE = "price-book.state";
    public static final int SCHEMA_VERSION = 1;
    /** The key of the marketplace default book (an operator's book is keyed {@code operator/<id>}). */
    public static final String DEFAULT_BOOK = "default";
    private static final String OPERATOR_BOOK = "operator/";

    /**
     * One price per device-hour, from {@code validFrom} on: for the whole device ({@code sliceKind} null), every
     * slice of a kind, or one slice profile; {@code term} {@code ON_DEMAND} or {@code INTERRUPTIBLE}; kinds and
     * terms as their enum names ({@code SliceKind}, {@code PriceTerm}).
     */
    public record Entry(String region, String deviceModel, String sliceKind, String sliceProfile, String term,
                        BigDecimal pricePerDeviceHour, String currency, Instant validFrom) {
    }

    public PriceBookEvent {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    public static PriceBookEvent of(Instant at, String operatorId, long version, List<Entry> entries) {
        return new PriceBookEvent(UUID.randomUUID().toString(), TYPE, SCHEMA_VERSION, at, operatorId, version,
                entries);
    }

    /** The record key of an operator's book (null: the marketplace default). */
    public static String bookKey(String operatorId) {
        return operatorId == null ? DEFAULT_BOOK : OPERATOR_BOOK + operatorId;
    }

    /** The operator a {@link #bookKey} names (null: the marketplace default). */
    public static String operatorOf(String bookKey) {
        if (bookKey.equals(DEFAULT_BOOK)) {
            return null;
        }
        if (!bookKey.startsWith(OPERATOR_BOOK) || bookKey.length() == OPERATOR_BOOK.length()) {
            throw new IllegalArgumentException("not a price book key: " + bookKey);
        }
        return bookKey.substring(OPERATOR_BOOK.length());
    }

    @Override
    public String key() {
        return bookKey(operatorId);
    }

    @Override
    public List<String> problems() {
        return EventChecks.envelope(this, SCHEMA_VERSION, Set.of(TYPE))
                .check(operatorId == null || !operatorId.isBlank(), "operatorId: blank (null is the default book)")
                .check(version > 0, "version: must be positive but was " + version)
                .check(entries.stream().allMatch(e -> e != null && e.region() != null && !e.region().isBlank()
                        && e.deviceModel() != null && !e.deviceModel().isBlank() && e.term() != null
                        && e.pricePerDeviceHour() != null && e.pricePerDeviceHour().signum() >= 0
                        && e.currency() != null && e.currency().length() == 3 && e.validFrom() != null),
                        "entries: each needs region, deviceModel, term, a price of zero or more, a three-letter"
                                + " currency and validFrom")
                .problems();
    }
}
