package io.computenet.portal.upstream;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Billing's price book entries, looked up the way billing rates a lease: the operator's own price for the model in
 * the region, else the marketplace default for it.
 */
public final class PriceList {

    private final Map<String, BillingClient.Price> byKey;

    private PriceList(Map<String, BillingClient.Price> byKey) {
        this.byKey = byKey;
    }

    public static PriceList of(List<BillingClient.Price> prices) {
        return new PriceList(prices.stream().collect(Collectors.toMap(
                p -> key(p.operatorId() == null ? "*" : p.operatorId(), p.region(), p.deviceModel()),
                Function.identity(), (a, b) -> a)));
    }

    public Optional<BillingClient.Price> find(String operatorId, String region, String model) {
        return Optional.ofNullable(byKey.getOrDefault(key(operatorId, region, model), byKey.get(key("*", region,
                model))));
    }

    private static String key(String operator, String region, String model) {
        return operator + "|" + region + "|" + model;
    }
}
