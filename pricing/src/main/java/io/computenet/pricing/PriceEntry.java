package io.computenet.pricing;

import io.computenet.contracts.inventory.SliceKind;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * One line of a price book: a price per device-hour that applies from {@code validFrom} on (until a later entry for
 * the same key replaces it). A change is a new entry with a later start; an entry never rewrites the time before its
 * start, so what was used keeps its price.
 *
 * <p>The key is the operator ({@code null}: the marketplace default for every operator), the region, the device model,
 * what is sold of the device and the term. What is sold: the whole device ({@code sliceKind} null), every slice of a
 * kind ({@code sliceKind} set, {@code sliceProfile} null, e.g. all SOFT or SMLU shares) or one profile
 * ({@code MIG 1g.10gb}, {@code VNPU vir05_1c_16g}). The price is always per device-hour: a slice costs its share of
 * it (a slice entry lets an operator charge another rate for slices than for whole devices).
 *
 * @param validFrom the first instant the entry applies, truncated to whole seconds
 */
public record PriceEntry(String operatorId, String region, String deviceModel, SliceKind sliceKind,
                         String sliceProfile, PriceTerm term, BigDecimal pricePerDeviceHour, Currency currency,
                         Instant validFrom) {

    /** The marketplace currency, used where none is named. */
    public static final Currency DEFAULT_CURRENCY = Currency.getInstance("CNY");

    public PriceEntry {
        if (region == null || region.isBlank() || deviceModel == null || deviceModel.isBlank()) {
            throw new IllegalArgumentException("a price needs a region and a device model");
        }
        if (operatorId != null && operatorId.isBlank()) {
            throw new IllegalArgumentException("operatorId: blank (null is the marketplace default)");
        }
        if (sliceProfile != null && (sliceKind == null || sliceProfile.isBlank())) {
            throw new IllegalArgumentException("sliceProfile: a profile needs its slice kind and a name");
        }
        if (pricePerDeviceHour == null || pricePerDeviceHour.signum() < 0) {
            throw new IllegalArgumentException("pricePerDeviceHour: must be zero or more but was "
                    + pricePerDeviceHour);
        }
        Objects.requireNonNull(validFrom, "validFrom");
        term = term == null ? PriceTerm.ON_DEMAND : term;
        currency = currency == null ? DEFAULT_CURRENCY : currency;
        validFrom = validFrom.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** Whether this entry prices exactly this key (same operator, region, model, slice and term). */
    public boolean sameKey(PriceEntry other) {
        return Objects.equals(operatorId, other.operatorId) && region.equals(other.region)
                && deviceModel.equals(other.deviceModel) && sliceKind == other.sliceKind
                && Objects.equals(sliceProfile, other.sliceProfile) && term == other.term;
    }
}
