package io.computenet.portal.lease;

import io.computenet.portal.input.PathId;
import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.contracts.api.LeaseRequest;
import io.computenet.contracts.api.LeaseView;
import io.computenet.contracts.api.RenewRequest;
import io.computenet.problem.Problem;
import io.computenet.portal.security.CurrentTenant;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingClient;
import io.computenet.portal.upstream.SchedulerClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * Researchers' leases: request, follow, release. Each user sees only the leases of their own tenant. Requests and
 * views are the API records shared with the scheduler ({@code io.computenet.contracts.api}), forwarded typed.
 */
@Path("/api/v1/leases")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
public class LeaseResource {

    private static final String PROBLEM = Problem.MEDIA_TYPE;
    private static final String JSON = jakarta.ws.rs.core.MediaType.APPLICATION_JSON;
    /** How long a usage sample holds at most in a chart (billing's node utilisation holds them as long). */
    private static final java.time.Duration SAMPLE_HOLD = java.time.Duration.ofSeconds(60);

    @Inject
    @RestClient
    SchedulerClient scheduler;
    @Inject
    @RestClient
    BillingClient billing;
    @Inject
    CurrentTenant tenant;

    @Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    @POST
    @Operation(summary = "Request a lease", description = "Placed now, queued (state QUEUED with pendingReasons) or "
            + "booked in advance (startAt); the lease's tenant is the caller's, whatever the body says.")
    @APIResponse(responseCode = "201", description = "created; Location names the lease",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = LeaseView.class)))
    @APIResponse(responseCode = "400", description = "bad input; errors[] names the field",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "402", description = "funds-exhausted: the tenant's prepaid funds are used up",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "priority-not-allowed: only administrators set priority",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "quote-not-found: the quoteId is not one of the tenant's",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "insufficient-capacity (nothing fits now and the request does"
            + " not queue; reasons[]), price-ceiling, tenant-limit-exceeded, devices-booked, booking-too-long,"
            + " quote-booked or quote-unavailable",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "410", description = "quote-expired: the quote's price is no longer held",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public Response request(@RequestBody(content = @Content(mediaType = JSON,
            schema = @Schema(implementation = LeaseRequest.class))) @Valid @NotNull LeaseRequest request) {
        if (request.priority() != null && !identity.hasRole(Roles.ADMIN)) {
            throw new io.computenet.problem.ProblemException(403, "priority-not-allowed", "Priority not allowed",
                    "only administrators set lease priorities; leave priority out", List.of());
        }
        LeaseView lease = scheduler.createLease(request.forTenant(tenant.id()));
        return Response.status(Response.Status.CREATED).entity(lease)
                .header("Location", "/api/v1/leases/" + lease.leaseId()).build();
    }

    @GET
    @Operation(summary = "The tenant's leases")
    @APIResponse(responseCode = "200", description = "the leases",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = LeaseView.class)))
    public List<LeaseView> list() {
        return scheduler.leases(tenant.id());
    }

    @GET
    @Path("/{leaseId}")
    @Operation(summary = "One lease")
    @APIResponse(responseCode = "200", description = "the lease",
            content = @Content(schema = @Schema(implementation = LeaseView.class)))
    @APIResponse(responseCode = "404", description = "lease-not-found (or not the tenant's)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public LeaseView get(@PathParam("leaseId") @PathId String leaseId) {
        return scheduler.lease(leaseId, tenant.id());
    }

    /** Utilisation and memory samples of the lease's devices, oldest first, for charts. */
    @GET
    @Path("/{leaseId}/usage")
    public List<JsonNode> usage(@PathParam("leaseId") @PathId String leaseId) {
        scheduler.lease(leaseId, tenant.id()); // 404 unless the caller's tenant owns it
        return billing.usage(leaseId);
    }

    /**
     * The lease's usage as a chart's series: equal steps, each step's utilisation and memory weighted by the time each
     * sample covers in it ({@link UsageSeries}).
     */
    @GET
    @Path("/{leaseId}/usage/series")
    @Operation(summary = "A lease's usage over time, time-weighted")
    public List<UsageSeries.Point> usageSeries(@PathParam("leaseId") @PathId String leaseId) {
        scheduler.lease(leaseId, tenant.id()); // 404 unless the caller's tenant owns it
        return UsageSeries.of(billing.usage(leaseId), SAMPLE_HOLD);
    }

    /** Extends the lease: body {@code {"minutes": 60}}; refused when the tenant's budget would be exceeded. */
    @POST
    @Path("/{leaseId}/renew")
    @Operation(summary = "Extend a lease")
    @APIResponse(responseCode = "200", description = "the lease, its end moved",
            content = @Content(schema = @Schema(implementation = LeaseView.class)))
    @APIResponse(responseCode = "400", description = "bad input; errors[] names the field",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "402", description = "funds-exhausted",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "lease-not-found",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "the lease has ended, or the budget would be exceeded",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public LeaseView renew(@PathParam("leaseId") @PathId String leaseId, @Valid @NotNull RenewRequest request) {
        return scheduler.renew(leaseId, tenant.id(), request);
    }

    @POST
    @Path("/{leaseId}/release")
    @Operation(summary = "Release a lease")
    @APIResponse(responseCode = "200", description = "the lease, ended",
            content = @Content(schema = @Schema(implementation = LeaseView.class)))
    @APIResponse(responseCode = "404", description = "lease-not-found",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public LeaseView release(@PathParam("leaseId") @PathId String leaseId) {
        return scheduler.release(leaseId, tenant.id());
    }
}
