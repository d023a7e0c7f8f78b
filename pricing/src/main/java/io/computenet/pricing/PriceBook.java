package io.computenet.pricing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one price lookup: "what does this slice of this device cost at time t", purely, over every price book entry
 * ever written (immutable; build a new book when entries change). The offers, quotes, the placement's price ceiling
 * and the rating all ask it, so a quote and the bill cannot disagree.
 *
 * <p>Which entry answers a {@link PriceQuery} at {@code t}: among the entries that started at or before {@code t},
 * per key the latest start (a change applies from its start on and never rewrites the past; of two with the same key
 * and start, the one given last). Of the keys that apply, in this order:
 * <ol>
 *   <li>the operator's own entries before the marketplace defaults ({@code operatorId} null);</li>
 *   <li>then the query's term before the fallback: an interruptible query takes an {@link PriceTerm#INTERRUPTIBLE}
 *   entry, else the on-demand one (operators make interruptible cheaper by writing an interruptible price);</li>
 *   <li>then the most specific slice: the exact profile, then every slice of the kind, then the whole device (a slice
 *   costs its share of the device price unless the operator priced its kind or profile).</li>
 * </ol>
 * Nothing applies: {@link PriceAnswer.NoPrice}, never a made-up price.
 */
public final class PriceBook {

    public static final PriceBook EMPTY = new PriceBook(List.of());

    private static final int SLICE_RANKS = 3;
    private static final int TERM_RANKS = 2;
    private static final int RANKS = 2 * TERM_RANKS * SLICE_RANKS;

    private final List<PriceEntry> entries;
    /**
     * By region, model and operator (empty for the marketplace default), each list ordered by validity start
     * (stable: the given order among equal starts).
     */
    private final Map<String, List<PriceEntry>> byDevice;

    private PriceBook(List<PriceEntry> entries) {
        this.entries = List.copyOf(entries);
        Map<String, List<PriceEntry>> index = new HashMap<>();
        for (PriceEntry e : this.entries) {
            index.computeIfAbsent(deviceKey(e.region(), e.deviceModel(), e.operatorId()), k -> new ArrayList<>())
                    .add(e);
        }
        index.replaceAll((k, list) -> {
            List<PriceEntry> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparing(PriceEntry::validFrom));
            return List.copyOf(sorted);
        });
        this.byDevice = Map.copyOf(index);
    }

    /** A book of these entries, in the order they were written. */
    public static PriceBook of(Collection<PriceEntry> entries) {
        return new PriceBook(new ArrayList<>(entries));
    }

    public List<PriceEntry> entries() {
        return entries;
    }

    /** The price at {@code t}, or none. */
    public Optional<Price> priceAt(PriceQuery query, Instant t) {
        return at(query, t).found();
    }

    /** The price in force for {@code query} at {@code t}, or explicitly none, and until when the answer holds. */
    public PriceAnswer at(PriceQuery query, Instant t) {
        PriceEntry[] best = new PriceEntry[RANKS];
        Instant until = scan(byDevice.get(deviceKey(query.region(), query.deviceModel(), query.operatorId())), query,
                t, best, null);
        until = scan(byDevice.get(deviceKey(query.region(), query.deviceModel(), null)), query, t, best, until);
        for (PriceEntry e : best) {
            if (e != null) {
                return new PriceAnswer.Priced(new Price(e.pricePerDeviceHour(), e.currency(), e, until));
            }
        }
        return new PriceAnswer.NoPrice("no valid price for " + describe(query) + " at " + t, until);
    }

    /**
     * Puts the latest entry started by {@code t} of each rank into {@code best}; returns the earliest later start of
     * an entry that prices the query, or {@code until} when none is earlier.
     */
    private static Instant scan(List<PriceEntry> candidates, PriceQuery query, Instant t, PriceEntry[] best,
                                Instant until) {
        if (candidates == null) {
            return until;
        }
        for (PriceEntry e : candidates) {
            int rank = rank(e, query);
            if (rank < 0) {
                continue;
            }
            if (e.validFrom().isAfter(t)) {
                // ordered by start: the first later start that matters is when the answer may change
                until = until == null || e.validFrom().isBefore(until) ? e.validFrom() : until;
                continue;
            }
            best[rank] = e; // ordered by start: a later one replaces an earlier one of the same rank
        }
        return until;
    }

    /** The entry's rank for the query (lower wins), or -1 when it does not price the query. */
    private static int rank(PriceEntry e, PriceQuery q) {
        int operatorRank;
        if (e.operatorId() == null) {
            operatorRank = 1;
        } else if (e.operatorId().equals(q.operatorId())) {
            operatorRank = 0;
        } else {
            return -1;
        }
        int termRank;
        if (e.term() == q.term()) {
            termRank = 0;
        } else if (q.term() == PriceTerm.INTERRUPTIBLE && e.term() == PriceTerm.ON_DEMAND) {
            termRank = 1;
        } else {
            return -1;
        }
        int sliceRank;
        if (e.sliceKind() == null) {
            sliceRank = 2;
        } else if (e.sliceKind() != q.sliceKind()) {
            return -1;
        } else if (e.sliceProfile() == null) {
            sliceRank = 1;
        } else if (e.sliceProfile().equals(q.sliceProfile())) {
            sliceRank = 0;
        } else {
            return -1;
        }
        return (operatorRank * TERM_RANKS + termRank) * SLICE_RANKS + sliceRank;
    }

    private static String describe(PriceQuery q) {
        String slice = q.sliceKind() == null ? "whole " : q.sliceKind() + (q.sliceProfile() == null ? " slice of "
                : " " + q.sliceProfile() + " slice of ");
        return slice + q.deviceModel() + " in " + q.region() + " (" + q.term().name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-') + ") from operator " + q.operatorId() + " or the marketplace";
    }

    private static String deviceKey(String region, String model, String operatorId) {
        return region + '\u0000' + model + '\u0000' + (operatorId == null ? "" : operatorId);
    }
}
