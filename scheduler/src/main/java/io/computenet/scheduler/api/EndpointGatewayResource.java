package io.computenet.scheduler.api;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.contracts.api.endpoint.EndpointRoutes;
import io.computenet.scheduler.endpoint.EndpointService;
import io.computenet.contracts.api.endpoint.TrafficReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * What the portal's inference gateway reads and reports: the routing table (every live endpoint, its active keys'
 * hashes and its replicas) and the traffic it saw (counted once per report id, and the autoscaler's load).
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1")
public class EndpointGatewayResource {

    @Inject
    EndpointService endpoints;

    @GET
    @Path("/endpoint-routes")
    public EndpointRoutes routes() {
        return endpoints.routes();
    }

    @POST
    @Path("/endpoint-traffic")
    public Response traffic(@Valid @NotNull TrafficReport report) {
        endpoints.traffic(report);
        return Response.accepted().build();
    }
}
