package io.computenet.pricing.rating;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Currency;

/**
 * One priced (or unpriced) stretch of a lease inside one billing period at one price.
 *
 * @param pricePerDeviceHour the price in force, null when there was none (the stretch is then unpriced: no amount)
 * @param amount             seconds x devices x share x price / 3600, rounded once; null when unpriced
 */
public record RatedLine(YearMonth period, Instant start, Instant end, long seconds, BigDecimal pricePerDeviceHour,
                        Currency currency, BigDecimal amount) {

    public boolean priced() {
        return pricePerDeviceHour != null;
    }
}
