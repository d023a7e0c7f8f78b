package io.computenet.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;

/**
 * A price in force at an instant: per device-hour, in a currency, from the entry that set it.
 *
 * @param until the next instant the price for this query may change (a later entry starts), null when none is known
 */
public record Price(BigDecimal pricePerDeviceHour, Currency currency, PriceEntry entry, Instant until) {

    /** What {@code devices} devices holding {@code share} of each cost per hour, unrounded. */
    public BigDecimal perHour(int devices, BigDecimal share) {
        return pricePerDeviceHour.multiply(share).multiply(BigDecimal.valueOf(devices));
    }
}
