package io.computenet.placement;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A ceiling on the price per hour of a lease, applied to the snapshot before planning, purely: a device stays only
 * when what the request would get on it costs at most the ceiling. For a single-device lease that accepts slices the
 * cost is the device price x the share of the slice the planner would cut there ({@link SliceOptions#best}); for
 * whole devices it is the device price x the device count. A device without a price is left out too (nothing is
 * booked that cannot be priced).
 */
public final class PriceFilter {

    /** Price per device-hour of a model offered by an operator in a region, in the marketplace currency. */
    @FunctionalInterface
    public interface Prices {
        Optional<BigDecimal> perDeviceHour(String operatorId, String region, String model);
    }

    /**
     * The snapshot with only affordable devices, and how many fitting devices the ceiling or a missing price left
     * out (for the reasons shown to the user).
     */
    public record Filtered(List<NodeCapacity> snapshot, int tooDear, int unpriced, BigDecimal cheapestLeftOut) {

        /** Reasons to add to the planner's when nothing affordable fits. */
        public List<String> reasons(BigDecimal maxPricePerHour) {
            List<String> reasons = new ArrayList<>();
            if (tooDear > 0) {
                reasons.add(tooDear + " fitting device(s) cost more than " + maxPricePerHour.toPlainString()
                        + " per hour (the cheapest " + cheapestLeftOut.toPlainString() + ")");
            }
            if (unpriced > 0) {
                reasons.add(unpriced + " fitting device(s) have no price yet");
            }
            return reasons;
        }
    }

    private PriceFilter() {
    }

    public static Filtered apply(PlacementRequest request, List<NodeCapacity> snapshot, Prices prices,
                                 BigDecimal maxPricePerHour) {
        if (maxPricePerHour == null) {
            return new Filtered(snapshot, 0, 0, null);
        }
        BigDecimal devices = BigDecimal.valueOf(request.deviceCount());
        int tooDear = 0;
        int unpriced = 0;
        BigDecimal cheapest = null;
        List<NodeCapacity> kept = new ArrayList<>(snapshot.size());
        for (NodeCapacity node : snapshot) {
            List<DeviceSlot> affordable = new ArrayList<>(node.devices().size());
            boolean changed = false;
            for (DeviceSlot d : node.devices()) {
                BigDecimal share = shareOn(d, request);
                if (share == null) {
                    affordable.add(d); // does not fit anyway: the planner gives its own reason
                    continue;
                }
                Optional<BigDecimal> price = prices.perDeviceHour(node.operatorId(), node.region(), d.model());
                if (price.isEmpty()) {
                    unpriced++;
                    changed = true;
                    continue;
                }
                BigDecimal perHour = price.get().multiply(share).multiply(devices);
                if (perHour.compareTo(maxPricePerHour) > 0) {
                    tooDear++;
                    cheapest = cheapest == null || perHour.compareTo(cheapest) < 0 ? perHour : cheapest;
                    changed = true;
                    continue;
                }
                affordable.add(d);
            }
            kept.add(changed ? node.withDevices(affordable) : node);
        }
        return new Filtered(kept, tooDear, unpriced, cheapest == null ? null
                : cheapest.setScale(2, java.math.RoundingMode.HALF_UP));
    }

    /** The share of the device the request would hold there, or null when the device cannot serve it. */
    private static BigDecimal shareOn(DeviceSlot d, PlacementRequest request) {
        if (request.acceptsSlices()) {
            SliceOptions.Option option = Ranking.optionOn(d, request);
            return option == null ? null : option.choice().share();
        }
        return Ranking.fitsDevice(d, request) ? BigDecimal.ONE : null;
    }
}
