package io.computenet.pricing.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * What a lease costs at the price it was placed at: per hour for everything it holds, and for its whole requested
 * duration, both rounded half-up once to the currency's minor unit (the rating rule, so the estimate of a lease that
 * runs its full duration at an unchanged price equals its bill).
 *
 * @param pricePerDeviceHour the price per device-hour it was placed at
 * @param pricePerHour       devices x share x price per device-hour
 * @param estimatedCost      what the requested duration costs at that price
 */
public record LeaseCost(BigDecimal pricePerDeviceHour, Currency currency, BigDecimal pricePerHour,
                        BigDecimal estimatedCost) {

    public LeaseCost {
        Objects.requireNonNull(pricePerDeviceHour, "pricePerDeviceHour");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(pricePerHour, "pricePerHour");
        Objects.requireNonNull(estimatedCost, "estimatedCost");
    }

    /**
     * The cost of {@code devices} devices holding {@code share} of each (1 for whole devices) for
     * {@code durationSeconds} at {@code pricePerDeviceHour}.
     */
    public static LeaseCost of(BigDecimal pricePerDeviceHour, Currency currency, int devices, BigDecimal share,
                               long durationSeconds) {
        if (devices < 1) {
            throw new IllegalArgumentException("devices: must be at least 1 but was " + devices);
        }
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("durationSeconds: must not be negative but was " + durationSeconds);
        }
        BigDecimal held = share == null ? BigDecimal.ONE : share;
        BigDecimal perHour = pricePerDeviceHour.multiply(held).multiply(BigDecimal.valueOf(devices))
                .setScale(Rating.scale(currency), RoundingMode.HALF_UP);
        return new LeaseCost(pricePerDeviceHour, currency, perHour,
                Rating.amount(durationSeconds, devices, held, pricePerDeviceHour, currency));
    }
}
