package io.computenet.scheduler.api;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.scheduler.lease.LeaseRequest;
import io.computenet.scheduler.lease.LeaseService;
import io.computenet.scheduler.lease.LeaseView;
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
    public Response create(@Valid @NotNull LeaseRequest request) {
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
    public record RenewRequest(@NotNull @jakarta.validation.constraints.Min(1)
                               @jakarta.validation.constraints.Max(43_200) Integer minutes) {
    }

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
