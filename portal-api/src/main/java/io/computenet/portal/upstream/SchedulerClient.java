package io.computenet.portal.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.contracts.api.EnrollmentRequest;
import io.computenet.contracts.api.LeaseRequest;
import io.computenet.contracts.api.LeaseView;
import io.computenet.contracts.api.Quote;
import io.computenet.contracts.api.QuoteRequest;
import io.computenet.contracts.api.RenewRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/**
 * The scheduler's internal API. Leases and quotes are typed with the API records both services share
 * ({@code io.computenet.contracts.api}); the tenant is always the caller's, set by the portal.
 */
/* the portal's own service token (client credentials of svc-portal) on every call */
@io.quarkus.oidc.client.filter.OidcClientFilter
@RegisterRestClient(configKey = "scheduler")
@RegisterProvider(UpstreamProblems.class)
@Path("/internal/v1")
public interface SchedulerClient {

    @POST
    @Path("/leases")
    LeaseView createLease(LeaseRequest request);

    @GET
    @Path("/leases")
    List<LeaseView> leases(@QueryParam("tenantId") String tenantId);

    @GET
    @Path("/leases/{id}")
    LeaseView lease(@PathParam("id") String leaseId, @QueryParam("tenantId") String tenantId);

    @POST
    @Path("/leases/{id}/renew")
    LeaseView renew(@PathParam("id") String leaseId, @QueryParam("tenantId") String tenantId, RenewRequest request);

    @POST
    @Path("/leases/{id}/release")
    LeaseView release(@PathParam("id") String leaseId, @QueryParam("tenantId") String tenantId);

    @POST
    @Path("/enrollment-tokens")
    JsonNode createEnrollmentTokens(JsonNode request);

    @POST
    @Path("/enrollments")
    JsonNode enroll(EnrollmentRequest request);

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
    Quote.QuoteList quotes(QuoteRequest request);

    @GET
    @Path("/capacity")
    List<CapacityLine> capacity();

    /** A capacity line as the scheduler reports it; {@code frameworks} from its capability table. */
    record CapacityLine(String region, String regionName, String tier, String operatorId, String vendor, String model,
                        long memoryMiB, int totalDevices, int freeDevices, int nodes, List<String> frameworks) {
    }
}
