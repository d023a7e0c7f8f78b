package io.computenet.pricing.rating;

import io.computenet.pricing.PriceAnswer;
import io.computenet.pricing.PriceBook;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * The rating core: pure arithmetic from a lease's billable interval and the price book to lines of money.
 * <ul>
 *   <li>Second resolution: a started second is billed; the interval's billed seconds are its length rounded up.</li>
 *   <li>The interval is split at calendar-month boundaries (UTC) and wherever the price in force changes (an entry
 *   with a later validity start); each stretch is rated with the price valid then. Consecutive stretches of one
 *   period at the same price and currency are one line.</li>
 *   <li>Seconds per line: the seconds billed up to its end minus those billed up to its start, both rounded up from
 *   the interval's start; so the lines add up to the interval's billed seconds exactly (the rounding-up second falls
 *   into the line where the interval's fraction ends).</li>
 *   <li>Amount per line: seconds x devices x share x price per device-hour / 3600, rounded half-up once, to the
 *   currency's minor unit (2 decimals for CNY, USD), never on intermediate values. A total is the sum of its lines.</li>
 *   <li>A stretch without a valid price is a line with no price and no amount: never a silent zero.</li>
 * </ul>
 */
public final class Rating {

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private Rating() {
    }

    /** The billed seconds of an interval: its length rounded up to whole seconds. */
    public static long billableSeconds(Instant start, Instant end) {
        Duration d = Duration.between(start, end);
        if (d.isNegative()) {
            throw new IllegalArgumentException("end before start: " + start + " .. " + end);
        }
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }

    /** The amount for seconds of devices x share at a price, rounded half-up to the currency's minor unit. */
    public static BigDecimal amount(long seconds, int deviceCount, BigDecimal share, BigDecimal pricePerDeviceHour,
                                    Currency currency) {
        return pricePerDeviceHour.multiply(share).multiply(BigDecimal.valueOf(seconds * deviceCount))
                .divide(SECONDS_PER_HOUR, scale(currency), RoundingMode.HALF_UP);
    }

    /** The scale money in this currency is rounded to. */
    public static int scale(Currency currency) {
        return Math.max(0, currency.getDefaultFractionDigits());
    }

    /** Rates the usage with the prices of the book. */
    public static Rated rate(BillableUsage usage, PriceBook book) {
        Objects.requireNonNull(book, "book");
        Instant start = usage.start();
        Instant end = usage.end();
        List<Stretch> stretches = new ArrayList<>();
        Instant cursor = start;
        long billedUpToCursor = 0;
        while (cursor.isBefore(end)) {
            PriceAnswer answer = book.at(usage.query(), cursor);
            YearMonth period = YearMonth.from(cursor.atZone(ZoneOffset.UTC));
            Instant stretchEnd = earliest(end, period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    answer.until());
            long billedUpToEnd = billableSeconds(start, stretchEnd);
            long seconds = billedUpToEnd - billedUpToCursor;
            BigDecimal price = answer.found().map(p -> p.pricePerDeviceHour()).orElse(null);
            Currency currency = answer.found().map(p -> p.currency()).orElse(null);
            Stretch last = stretches.isEmpty() ? null : stretches.get(stretches.size() - 1);
            if (last != null && last.continuedBy(period, price, currency)) {
                last.end = stretchEnd;
                last.seconds += seconds;
            } else {
                stretches.add(new Stretch(period, cursor, stretchEnd, seconds, price, currency));
            }
            billedUpToCursor = billedUpToEnd;
            cursor = stretchEnd;
        }
        List<RatedLine> lines = new ArrayList<>(stretches.size());
        for (Stretch s : stretches) {
            lines.add(new RatedLine(s.period, s.start, s.end, s.seconds, s.price, s.currency, s.price == null ? null
                    : amount(s.seconds, usage.deviceCount(), usage.share(), s.price, s.currency)));
        }
        return new Rated(lines);
    }

    private static Instant earliest(Instant end, Instant periodEnd, Instant priceUntil) {
        Instant e = periodEnd.isBefore(end) ? periodEnd : end;
        return priceUntil != null && priceUntil.isBefore(e) ? priceUntil : e;
    }

    /** A line being built. */
    private static final class Stretch {
        final YearMonth period;
        final Instant start;
        Instant end;
        long seconds;
        final BigDecimal price;
        final Currency currency;

        Stretch(YearMonth period, Instant start, Instant end, long seconds, BigDecimal price, Currency currency) {
            this.period = period;
            this.start = start;
            this.end = end;
            this.seconds = seconds;
            this.price = price;
            this.currency = currency;
        }

        boolean continuedBy(YearMonth nextPeriod, BigDecimal nextPrice, Currency nextCurrency) {
            return period.equals(nextPeriod) && Objects.equals(currency, nextCurrency)
                    && (price == null ? nextPrice == null : nextPrice != null && price.compareTo(nextPrice) == 0);
        }
    }
}
