package io.computenet.portal.quote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingClient;
import io.computenet.portal.upstream.PriceList;
import io.computenet.portal.upstream.SchedulerClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prices before booking: the best few places a request would run right now, with the price per hour and the
 * estimated cost of the whole duration. Nothing is held; a lease request afterwards is placed by the same planner.
 */
@Path("/api/v1/quotes")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
public class QuoteResource {

    static final int MAX_QUOTES = 5;

    @Inject
    @RestClient
    SchedulerClient scheduler;
    @Inject
    @RestClient
    BillingClient billing;
    @Inject
    ObjectMapper json;

    /** What the researcher would ask for, plus an optional ceiling on the price per hour (all devices). */
    public record QuoteRequest(
            @NotNull @DecimalMin("0.25") @DecimalMax("1024") BigDecimal memoryGiB,
            @NotNull @Min(1) @Max(16) Integer deviceCount,
            @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+", message = "must be a region id like cn-east-yrd")
            String region,
            Vendor vendor,
            io.computenet.portal.lease.LeaseRequestDto.WorkloadClass workloadClass,
            @NotNull @Min(1) @Max(43_200) Integer durationMinutes,
            @DecimalMin("0") BigDecimal maxPricePerHour,
            @Min(1) @Max(100) Integer computePct,
            @Size(max = 128) String model,
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_.+-]+",
                    message = "must be a MIG profile or vNPU template name") String sliceProfile,
            io.computenet.portal.lease.LeaseRequestDto.Sharing sharing,
            @Size(max = 64) String framework) {
    }

    /** One priced option. */
    public record Quote(String region, String tier, boolean preferredTier, String operatorId, String vendor,
                        String model, BigDecimal deviceMemoryGiB, BigDecimal pricePerDeviceHour,
                        BigDecimal pricePerHour, BigDecimal estimatedCost, String currency, String sliceKind,
                        String sliceProfile, BigDecimal share) {
    }

    /** The quotes, best first, and why other options were left out. */
    public record Quotes(List<Quote> quotes, List<String> reasons) {
    }

    @POST
    public Quotes quote(@Valid @NotNull QuoteRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("memoryGiB", request.memoryGiB());
        body.put("deviceCount", request.deviceCount());
        body.put("region", request.region());
        body.put("vendor", request.vendor() == null ? null : request.vendor().name());
        body.put("workloadClass", request.workloadClass() == null ? null : request.workloadClass().name());
        body.put("computePct", request.computePct());
        body.put("model", request.model());
        body.put("sliceProfile", request.sliceProfile());
        body.put("sharing", request.sharing() == null ? null : request.sharing().name());
        body.put("framework", request.framework());
        List<SchedulerClient.QuoteOption> options = scheduler.quotes(body);
        PriceList prices = PriceList.of(billing.prices());
        BigDecimal hours = BigDecimal.valueOf(request.durationMinutes()).divide(BigDecimal.valueOf(60), 6,
                RoundingMode.HALF_UP);
        BigDecimal devices = BigDecimal.valueOf(request.deviceCount());
        List<Quote> quotes = new ArrayList<>();
        int unpriced = 0;
        int tooDear = 0;
        for (SchedulerClient.QuoteOption o : options) {
            BillingClient.Price price = prices.find(o.operatorId(), o.region(), o.model()).orElse(null);
            if (price == null) {
                unpriced++;
                continue;
            }
            // a slice is billed its share of the device price
            BigDecimal share = o.share() == null ? BigDecimal.ONE : o.share();
            BigDecimal perHour = price.pricePerDeviceHour().multiply(devices).multiply(share)
                    .setScale(2, RoundingMode.HALF_UP);
            if (request.maxPricePerHour() != null && perHour.compareTo(request.maxPricePerHour()) > 0) {
                tooDear++;
                continue;
            }
            quotes.add(new Quote(o.region(), o.tier(), o.preferredTier(), o.operatorId(), o.vendor(), o.model(),
                    BigDecimal.valueOf(o.deviceMemoryMiB()).divide(BigDecimal.valueOf(1024), 1, RoundingMode.DOWN),
                    price.pricePerDeviceHour(), perHour,
                    price.pricePerDeviceHour().multiply(devices).multiply(share).multiply(hours)
                            .setScale(2, RoundingMode.HALF_UP),
                    price.currency(), o.sliceKind(), o.sliceProfile(), share));
        }
        quotes.sort(Comparator.comparing((Quote q) -> !q.preferredTier()).thenComparing(Quote::pricePerHour)
                .thenComparing(Quote::deviceMemoryGiB));
        List<String> reasons = new ArrayList<>();
        if (options.isEmpty()) {
            reasons.add("no region has " + request.deviceCount() + " free device(s) with >= "
                    + request.memoryGiB().stripTrailingZeros().toPlainString() + " GiB on one node right now"
                    + (request.region() == null ? "" : " in " + request.region())
                    + "; a lease request would wait in the queue");
        }
        if (tooDear > 0) {
            reasons.add(tooDear + " option(s) cost more than " + request.maxPricePerHour().toPlainString()
                    + " per hour");
        }
        if (unpriced > 0) {
            reasons.add(unpriced + " option(s) have no price yet");
        }
        return new Quotes(quotes.size() > MAX_QUOTES ? quotes.subList(0, MAX_QUOTES) : quotes, reasons);
    }
}
