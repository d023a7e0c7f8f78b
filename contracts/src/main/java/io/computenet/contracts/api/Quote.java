package io.computenet.contracts.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One priced option, held: a lease request with {@code quoteId} books it until {@code validUntil} at this price (per
 * device-hour; per hour for all devices and shares; the estimate for the requested duration). {@code tier} is
 * {@code EAST} or {@code WEST}, {@code preferredTier} whether it is the requested workload's;
 * {@code deviceMemoryGiB} is each device's memory (rounded down); {@code sliceKind} and {@code sliceProfile} are null
 * for whole devices, {@code share} the fraction of each device billed. {@code nodes} and {@code devicesPerNode} say
 * the shape: 1 and the device count for one node, N and M for a gang (its prices are for all N x M devices).
 */
public record Quote(String quoteId, Instant validUntil, String region, String tier, boolean preferredTier,
                    String operatorId, String vendor, String model, BigDecimal deviceMemoryGiB,
                    BigDecimal pricePerDeviceHour, BigDecimal pricePerHour, BigDecimal estimatedCost, String currency,
                    String sliceKind, String sliceProfile, BigDecimal share, int nodes, int devicesPerNode) {

    /** The quotes, best first (the first is where a lease of the same request without a quote goes), and why not more. */
    public record QuoteList(List<Quote> quotes, List<String> reasons) {

        /** {@code reasons} as codes with arguments ({@link PendingReason}), derived from them (read-only). */
        @com.fasterxml.jackson.annotation.JsonProperty(value = "reasonCodes",
                access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
        public List<PendingReason> reasonCodes() {
            return PendingReason.of(reasons);
        }
    }
}
