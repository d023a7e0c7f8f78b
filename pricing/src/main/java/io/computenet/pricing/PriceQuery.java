package io.computenet.pricing;

import io.computenet.contracts.inventory.SliceKind;

import java.util.Objects;

/**
 * What to price: what an operator sells on one device of a model in a region, as a whole device ({@code sliceKind}
 * null) or a slice of a kind and profile, on a term. The share the slice holds is not part of the price (prices are
 * per device-hour); the caller multiplies ({@link Price#perHour}).
 */
public record PriceQuery(String operatorId, String region, String deviceModel, SliceKind sliceKind,
                         String sliceProfile, PriceTerm term) {

    public PriceQuery {
        Objects.requireNonNull(operatorId, "operatorId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(deviceModel, "deviceModel");
        term = term == null ? PriceTerm.ON_DEMAND : term;
        if (sliceKind == null) {
            sliceProfile = null;
        }
    }

    /** A whole device on demand. */
    public static PriceQuery wholeDevice(String operatorId, String region, String deviceModel) {
        return new PriceQuery(operatorId, region, deviceModel, null, null, PriceTerm.ON_DEMAND);
    }

    /** The same, on another term. */
    public PriceQuery on(PriceTerm other) {
        return new PriceQuery(operatorId, region, deviceModel, sliceKind, sliceProfile, other);
    }
}
