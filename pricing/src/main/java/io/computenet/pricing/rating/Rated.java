package io.computenet.pricing.rating;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A rated usage: its lines in time order, the billed seconds and the seconds no price covered. */
public record Rated(List<RatedLine> lines) {

    public Rated {
        lines = List.copyOf(lines);
    }

    public long seconds() {
        return lines.stream().mapToLong(RatedLine::seconds).sum();
    }

    /** Seconds in stretches without a valid price: never charged silently, the caller must make them visible. */
    public long unpricedSeconds() {
        return lines.stream().filter(l -> !l.priced()).mapToLong(RatedLine::seconds).sum();
    }

    public List<RatedLine> pricedLines() {
        return lines.stream().filter(RatedLine::priced).toList();
    }

    /** The amounts per currency (a price change may switch currency). */
    public Map<Currency, BigDecimal> totals() {
        Map<Currency, BigDecimal> totals = new TreeMap<>(java.util.Comparator.comparing(Currency::getCurrencyCode));
        for (RatedLine l : pricedLines()) {
            totals.merge(l.currency(), l.amount(), BigDecimal::add);
        }
        return totals;
    }
}
