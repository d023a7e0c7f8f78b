package io.computenet.portal.upstream;

import io.computenet.contracts.api.endpoint.EndpointRoutes;
import io.computenet.contracts.api.endpoint.TrafficReport;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The scheduler's API for the inference gateway: the routing table, polled every second, and the traffic reports.
 * Non-blocking (the gateway calls it from its event loop) and with timeouts of its own, shorter than the public
 * API's ({@code quarkus.rest-client.endpoint-routes.*}; the URL is the scheduler's).
 */
/* the portal's own service token (client credentials of svc-portal) on every call */
@io.quarkus.oidc.client.filter.OidcClientFilter
@RegisterRestClient(configKey = "endpoint-routes")
@RegisterProvider(UpstreamProblems.class)
@Path("/internal/v1")
public interface EndpointRoutesClient {

    @GET
    @Path("/endpoint-routes")
    Uni<EndpointRoutes> routes();

    @POST
    @Path("/endpoint-traffic")
    Uni<Void> report(TrafficReport report);
}
