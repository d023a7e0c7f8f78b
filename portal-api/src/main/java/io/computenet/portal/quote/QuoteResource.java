package io.computenet.portal.quote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.portal.security.Roles;
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

/**
 * Prices before booking: the best few places a request would run right now (up to 5), ranked as the scheduler places
 * leases, with the price per hour and the estimated cost of the whole duration. The scheduler stores each quote and
 * holds its price for a while (15 minutes by default): a lease request with its {@code quoteId} books it.
 */
@Path("/api/v1/quotes")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
public class QuoteResource {

    @Inject
    @RestClient
    SchedulerClient scheduler;
    @Inject
    ObjectMapper json;
    @Inject
    io.computenet.portal.security.CurrentTenant tenant;

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

    /**
     * The quotes, best first: the first is where a lease of the same request without a quote goes. Each has a
     * {@code quoteId} and a {@code validUntil}: a lease request with the id books it, at its price, until then.
     */
    @POST
    public SchedulerClient.QuoteList quote(@Valid @NotNull QuoteRequest request) {
        ObjectNode body = json.valueToTree(request);
        body.put("tenantId", tenant.id());
        return scheduler.quotes(body);
    }
}
