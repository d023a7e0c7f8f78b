package io.computenet.billing.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A month's spend per UTC day: each rated stretch ({@link UsageLine}) shared out over the days it covers in proportion
 * to its time in each, so a lease running over midnight counts on both days. Amounts stay in the stretch's minor unit
 * (its scale) and the last day a stretch touches takes the rounding remainder, so a month's days add up exactly to its
 * lines (what the month's invoice bills before tax and credits). Pure: lines in, days out.
 */
public final class DailySpend {

    /** One day's spend in one currency; {@code seconds} are billed seconds, as on the lines. */
    public record Day(LocalDate date, String currency, long seconds, BigDecimal amount) {

        public Day {
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(amount, "amount");
        }
    }

    private DailySpend() {
    }

    /**
     * Every day of {@code month} for every currency the lines are in (days without spend at zero), in date then
     * currency order; no lines, no days. Parts of a line outside the month are left out.
     */
    public static List<Day> of(List<UsageLine> lines, YearMonth month) {
        Map<String, Map<LocalDate, Day>> byCurrency = new TreeMap<>();
        for (UsageLine line : lines) {
            Map<LocalDate, Day> days = byCurrency.computeIfAbsent(line.currency(), c -> new TreeMap<>());
            for (Day part : split(line)) {
                if (YearMonth.from(part.date()).equals(month)) {
                    days.merge(part.date(), part, (a, b) -> new Day(a.date(), a.currency(),
                            a.seconds() + b.seconds(), a.amount().add(b.amount())));
                }
            }
        }
        List<Day> out = new ArrayList<>();
        TreeSet<String> currencies = new TreeSet<>(byCurrency.keySet());
        for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
            for (String currency : currencies) {
                Day day = byCurrency.get(currency).get(d);
                out.add(day != null ? day : new Day(d, currency, 0, BigDecimal.ZERO));
            }
        }
        return out;
    }

    /** One line's share of each UTC day it covers; a line without length counts on its start's day. */
    static List<Day> split(UsageLine line) {
        Instant start = line.start();
        Instant end = line.end() == null || line.end().isBefore(start) ? start : line.end();
        long total = Duration.between(start, end).toMillis();
        LocalDate first = day(start);
        LocalDate last = total == 0 ? first : day(end.minusMillis(1));
        List<Day> parts = new ArrayList<>();
        BigDecimal amountLeft = line.amount();
        long secondsLeft = line.seconds();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            if (d.equals(last)) {
                parts.add(new Day(d, line.currency(), secondsLeft, amountLeft));
                break;
            }
            Instant dayEnd = d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant from = start.isAfter(d.atStartOfDay().toInstant(ZoneOffset.UTC)) ? start
                    : d.atStartOfDay().toInstant(ZoneOffset.UTC);
            long inDay = Duration.between(from, dayEnd).toMillis();
            BigDecimal fraction = BigDecimal.valueOf(inDay).divide(BigDecimal.valueOf(total), 12, RoundingMode.HALF_EVEN);
            BigDecimal amount = line.amount().multiply(fraction).setScale(line.amount().scale(), RoundingMode.HALF_EVEN);
            long seconds = Math.round(line.seconds() * (double) inDay / total);
            parts.add(new Day(d, line.currency(), seconds, amount));
            amountLeft = amountLeft.subtract(amount);
            secondsLeft -= seconds;
        }
        return parts;
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
