package io.computenet.billing.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The rating core: pure arithmetic from a usage interval and a price to billed seconds and money.
 * <ul>
 *   <li>Metering is per second; a started second is billed (the interval's length rounded up to whole seconds).</li>
 *   <li>An amount is seconds x devices x share x price per device-hour / 3600, rounded half-up to the currency's
 *   minor unit (2 decimals) once per line, never on intermediate values. The share is the fraction of each device a
 *   slice holds (1 for whole devices).</li>
 *   <li>An interval that crosses a month boundary (UTC) is split into one segment per billing period; the rounding-up
 *   second goes to the last segment, so the segments add up to the interval's billed seconds.</li>
 * </ul>
 */
public final class Rating {

    public static final int MONEY_SCALE = 2;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private Rating() {
    }

    public static long billableSeconds(Instant start, Instant end) {
        requireOrder(start, end);
        Duration d = Duration.between(start, end);
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }

    public static BigDecimal amount(long seconds, int deviceCount, BigDecimal pricePerDeviceHour) {
        return amount(seconds, deviceCount, BigDecimal.ONE, pricePerDeviceHour);
    }

    public static BigDecimal amount(long seconds, int deviceCount, BigDecimal share, BigDecimal pricePerDeviceHour) {
        if (seconds < 0 || deviceCount <= 0 || pricePerDeviceHour.signum() < 0) {
            throw new IllegalArgumentException("seconds and price must not be negative and devices must be positive");
        }
        if (share == null || share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("share must be within (0, 1], was " + share);
        }
        return pricePerDeviceHour
                .multiply(BigDecimal.valueOf(seconds))
                .multiply(BigDecimal.valueOf(deviceCount))
                .multiply(share)
                .divide(SECONDS_PER_HOUR, MONEY_SCALE, RoundingMode.HALF_UP);
    }

    public static List<RatedSegment> rate(Instant start, Instant end, int deviceCount, BigDecimal pricePerDeviceHour) {
        return rate(start, end, deviceCount, BigDecimal.ONE, pricePerDeviceHour);
    }

    public static List<RatedSegment> rate(Instant start, Instant end, int deviceCount, BigDecimal share,
                                          BigDecimal pricePerDeviceHour) {
        requireOrder(start, end);
        long total = billableSeconds(start, end);
        List<RatedSegment> segments = new ArrayList<>();
        Instant cursor = start;
        long assigned = 0;
        while (true) {
            YearMonth period = YearMonth.from(cursor.atZone(ZoneOffset.UTC));
            Instant periodEnd = period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!end.isAfter(periodEnd)) {
                long seconds = total - assigned;
                segments.add(new RatedSegment(period, cursor, end, seconds,
                        amount(seconds, deviceCount, share, pricePerDeviceHour)));
                return segments;
            }
            long seconds = Duration.between(cursor, periodEnd).getSeconds();
            segments.add(new RatedSegment(period, cursor, periodEnd, seconds,
                    amount(seconds, deviceCount, share, pricePerDeviceHour)));
            assigned += seconds;
            cursor = periodEnd;
        }
    }

    private static void requireOrder(Instant start, Instant end) {
        if (start == null || end == null || end.isBefore(start)) {
            throw new IllegalArgumentException("usage interval must have a start not after its end: " + start
                    + " .. " + end);
        }
    }
}
