package io.computenet.portal.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** The scheduler's internal API. */
/* the portal's own service token (client credentials of svc-portal) on every call */
@io.quarkus.oidc.client.filter.OidcClientFilter
@RegisterRestClient(configKey = "scheduler")
@RegisterProvider(UpstreamProblems.class)
@Path("/internal/v1")
public interface SchedulerClient {

    @POST
    @Path("/leases")
    JsonNode createLease(JsonNode request);

    @GET
    @Path("/leases")
    List<JsonNode> leases(@QueryParam("tenantId") String tenantId);

    @GET
    @Path("/leases/{id}")
    JsonNode lease(@PathParam("id") String leaseId, @QueryParam("tenantId") String tenantId);

    @POST
    @Path("/leases/{id}/renew")
    JsonNode renew(@PathParam("id") String leaseId, @QueryParam("tenantId") String tenantId, JsonNode request);

    @POST
    @Path("/leases/{id}/release")
    JsonNode release(@PathParam("id") String leaseId, @QueryParam("tenantId") String tenantId);

    @POST
    @Path("/enrollment-tokens")
    JsonNode createEnrollmentTokens(JsonNode request);

    @POST
    @Path("/enrollments")
    JsonNode enroll(JsonNode request);

    @GET
    @Path("/nodes")
    List<JsonNode> nodes(@QueryParam("organisation") String organisation);

    @POST
    @Path("/nodes/{nodeId}/revoke")
    JsonNode revokeNode(@PathParam("nodeId") String nodeId, @QueryParam("organisation") String organisation,
                        @QueryParam("by") String by);

    @POST
    @Path("/nodes/{nodeId}/drain")
    JsonNode drainNode(@PathParam("nodeId") String nodeId, @QueryParam("organisation") String organisation,
                       @QueryParam("by") String by, JsonNode request);

    @jakarta.ws.rs.PUT
    @Path("/nodes/{nodeId}/topology")
    JsonNode setNodeTopology(@PathParam("nodeId") String nodeId, @QueryParam("organisation") String organisation,
                             @QueryParam("by") String by, JsonNode request);

    @jakarta.ws.rs.DELETE
    @Path("/nodes/{nodeId}/drain")
    JsonNode undrainNode(@PathParam("nodeId") String nodeId, @QueryParam("organisation") String organisation,
                         @QueryParam("by") String by);

    @GET
    @Path("/tenants/{tenantId}/limits")
    JsonNode limits(@PathParam("tenantId") String tenantId);

    @jakarta.ws.rs.PUT
    @Path("/tenants/{tenantId}/limits/budget")
    JsonNode setBudget(@PathParam("tenantId") String tenantId, @QueryParam("by") String by, JsonNode budget);

    @jakarta.ws.rs.PUT
    @Path("/tenants/{tenantId}/limits/quotas")
    JsonNode setQuotas(@PathParam("tenantId") String tenantId, JsonNode quotas);

    @POST
    @Path("/quotes")
    QuoteList quotes(JsonNode request);

    /**
     * One priced option, held: a lease request with {@code quoteId} books it until {@code validUntil} at this price
     * (per device-hour; per hour for all devices and shares; the estimate for the requested duration).
     */
    record Quote(String quoteId, java.time.Instant validUntil, String region, String tier, boolean preferredTier,
                 String operatorId, String vendor, String model, java.math.BigDecimal deviceMemoryGiB,
                 java.math.BigDecimal pricePerDeviceHour, java.math.BigDecimal pricePerHour,
                 java.math.BigDecimal estimatedCost, String currency, String sliceKind, String sliceProfile,
                 java.math.BigDecimal share) {
    }

    /** The quotes, best first (the first is where a lease of the same request without a quote goes), and why not more. */
    record QuoteList(List<Quote> quotes, List<String> reasons) {
    }

    @GET
    @Path("/capacity")
    List<CapacityLine> capacity();

    /** A capacity line as the scheduler reports it. */
    record CapacityLine(String region, String regionName, String tier, String operatorId, String vendor, String model,
                        long memoryMiB, int totalDevices, int freeDevices, int nodes) {
    }
}
