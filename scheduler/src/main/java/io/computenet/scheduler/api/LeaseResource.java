package io.computenet.scheduler.api;

import io.computenet.contracts.api.LeaseRequest;
import io.computenet.contracts.api.LeaseView;
import io.computenet.contracts.api.RenewRequest;
import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.problem.Problem;
import io.computenet.problem.FieldProblem;
import io.computenet.scheduler.lease.LeaseService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

/**
 * The scheduler's internal lease API, called by the portal API on behalf of an authenticated tenant. It is not
 * exposed outside the cluster network.
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/leases")
public class LeaseResource {

    @Inject
    LeaseService leases;
    @Inject
    io.computenet.scheduler.lease.LeaseIntake intake;
    @Inject
    io.computenet.scheduler.funds.TenantFunds funds;

    @POST
    @APIResponse(responseCode = "201", description = "created",
            content = @Content(mediaType = jakarta.ws.rs.core.MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LeaseView.class)))
    @APIResponse(responseCode = "400", description = "invalid-request; errors[] names the field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "402", description = "funds-exhausted",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "quote-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "insufficient-capacity, price-ceiling, tenant-limit-exceeded,"
            + " devices-booked, booking-too-long, quote-booked or quote-unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "410", description = "quote-expired",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(@Valid @NotNull LeaseRequest body) {
        if (body.tenantId() == null || body.tenantId().isBlank()) {
            throw new FieldProblem("tenantId", "must not be blank");
        }
        io.computenet.scheduler.lease.LeaseRequest request = io.computenet.scheduler.lease.LeaseRequest.of(body);
        request.checkShape();
        funds.admit(request.tenantId(), "a new lease"); // 402 when prepaid funds are exhausted
        LeaseView lease = intake.request(request);
        return Response.status(Response.Status.CREATED).entity(lease).build();
    }

    @GET
    public List<LeaseView> list(@QueryParam("tenantId") @NotBlank String tenantId) {
        return leases.list(tenantId);
    }

    @GET
    @Path("/{leaseId}")
    public LeaseView get(@PathParam("leaseId") String leaseId, @QueryParam("tenantId") @NotBlank String tenantId) {
        return leases.get(leaseId, tenantId);
    }

    /** Body {@code {"minutes": 60}}: extends the booking if the tenant's budget allows. */
    @POST
    @Path("/{leaseId}/renew")
    public LeaseView renew(@PathParam("leaseId") String leaseId, @QueryParam("tenantId") @NotBlank String tenantId,
                           @Valid @NotNull RenewRequest request) {
        funds.admit(tenantId, "renewing lease " + leaseId);
        return leases.renew(leaseId, tenantId, request.minutes());
    }

    @POST
    @Path("/{leaseId}/release")
    public LeaseView release(@PathParam("leaseId") String leaseId, @QueryParam("tenantId") @NotBlank String tenantId) {
        return leases.release(leaseId, tenantId);
    }
}
