package io.computenet.portal.offer;

import io.computenet.contracts.api.Memory;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingClient;
import io.computenet.portal.upstream.PriceList;
import io.computenet.portal.upstream.SchedulerClient;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * What can be rented now: free capacity per region and device model, with its price per device-hour. The scheduler
 * serves the capacity from its live model; the portal keeps its answer for {@code computenet.portal.offers.max-age}
 * (250 ms) and billing's price list for {@code computenet.portal.offers.prices-max-age} (10 s), so a burst of offers
 * requests costs one call of each upstream, not one per request. An offer whose capacity is gone therefore leaves
 * within the scheduler's and the portal's ages together (half a second).
 */
@Path("/api/v1/offers")
@ApplicationScoped
@RolesAllowed({Roles.RESEARCHER, Roles.OPERATOR, Roles.FINANCE, Roles.ADMIN})
public class OfferResource {

    @Inject
    @RestClient
    SchedulerClient scheduler;
    @Inject
    @RestClient
    BillingClient billing;
    @ConfigProperty(name = "computenet.portal.offers.max-age", defaultValue = "PT0.25S")
    Duration capacityMaxAge;
    @ConfigProperty(name = "computenet.portal.offers.prices-max-age", defaultValue = "PT10S")
    Duration pricesMaxAge;
    private RecentAnswer<List<SchedulerClient.CapacityLine>> capacity;
    private RecentAnswer<PriceList> prices;

    @PostConstruct
    void keepAnswers() {
        capacity = new RecentAnswer<>(() -> scheduler.capacity(), capacityMaxAge, Clock.systemUTC());
        prices = new RecentAnswer<>(() -> PriceList.of(billing.prices()), pricesMaxAge, Clock.systemUTC());
    }

    /**
     * One offer: the schedulable devices of one model an operator has in a region (revoked, drained and silent nodes
     * count in neither {@code freeDevices} nor {@code totalDevices}). {@code tier} is {@code EAST} or {@code WEST};
     * {@code deviceMemoryGiB} is each device's memory, rounded down (asking for it fits). {@code pricePerDeviceHour}
     * is null when the operator has not priced the model there. {@code frameworks} are the stacks the model runs
     * (the scheduler's capability table, the one a lease's {@code framework} is placed by), toolkit first.
     */
    public record Offer(String region, String regionName, String tier, String operatorId, String vendor,
                        String model, BigDecimal deviceMemoryGiB, int freeDevices, int totalDevices,
                        BigDecimal pricePerDeviceHour, String currency, List<String> frameworks) {
    }

    @GET
    public List<Offer> offers() {
        PriceList priceList = prices.get();
        return capacity.get().stream().map(c -> {
            BillingClient.Price price = priceList.find(c.operatorId(), c.region(), c.model()).orElse(null);
            return new Offer(c.region(), c.regionName(), c.tier(), c.operatorId(), c.vendor(), c.model(),
                    Memory.deviceGiB(c.memoryMiB()),
                    c.freeDevices(), c.totalDevices(), price == null ? null : price.pricePerDeviceHour(),
                    price == null ? null : price.currency(),
                    c.frameworks() == null ? List.of() : c.frameworks());
        }).sorted(Comparator.comparing(Offer::region).thenComparing(Offer::model)).toList();
    }
}
