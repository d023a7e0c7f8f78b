package io.computenet.portal.upstream;

import io.computenet.contracts.api.endpoint.ApiKeyCreated;
import io.computenet.contracts.api.endpoint.ApiKeyView;
import io.computenet.contracts.api.endpoint.EndpointCreated;
import io.computenet.contracts.api.endpoint.EndpointRequest;
import io.computenet.contracts.api.endpoint.EndpointView;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** The scheduler's internal endpoint API (inference endpoints and their API keys), always for one tenant. */
/* the portal's own service token (client credentials of svc-portal) on every call */
@io.quarkus.oidc.client.filter.OidcClientFilter
@RegisterRestClient(configKey = "scheduler")
@RegisterProvider(UpstreamProblems.class)
@Path("/internal/v1/endpoints")
public interface EndpointsClient {

    @POST
    EndpointCreated create(EndpointRequest request);

    @GET
    List<EndpointView> list(@QueryParam("tenantId") String tenantId);

    @GET
    @Path("/{name}")
    EndpointView get(@PathParam("name") String name, @QueryParam("tenantId") String tenantId);

    @DELETE
    @Path("/{name}")
    void delete(@PathParam("name") String name, @QueryParam("tenantId") String tenantId);

    @POST
    @Path("/{name}/keys")
    ApiKeyCreated createKey(@PathParam("name") String name, @QueryParam("tenantId") String tenantId);

    @GET
    @Path("/{name}/keys")
    List<ApiKeyView> keys(@PathParam("name") String name, @QueryParam("tenantId") String tenantId);

    @DELETE
    @Path("/{name}/keys/{keyId}")
    void revokeKey(@PathParam("name") String name, @PathParam("keyId") String keyId,
                   @QueryParam("tenantId") String tenantId);
}
