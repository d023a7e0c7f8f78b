package io.computenet.scheduler.api;

import io.computenet.contracts.api.endpoint.ApiKeyCreated;
import io.computenet.contracts.api.endpoint.ApiKeyView;
import io.computenet.contracts.api.endpoint.EndpointCreated;
import io.computenet.contracts.api.endpoint.EndpointRequest;
import io.computenet.contracts.api.endpoint.EndpointView;
import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.scheduler.endpoint.EndpointService;
import io.computenet.problem.FieldProblem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * The scheduler's internal inference endpoint API, called by the portal on behalf of an authenticated tenant (every
 * operation names the tenant: 400 without one).
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/endpoints")
public class EndpointResource {

    @Inject
    EndpointService endpoints;

    @POST
    public Response create(@Valid @NotNull EndpointRequest request) {
        if (request.tenantId() == null || request.tenantId().isBlank()) {
            throw new FieldProblem("tenantId", "must not be blank");
        }
        EndpointCreated created = endpoints.create(request);
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    public List<EndpointView> list(@QueryParam("tenantId") @NotBlank String tenantId) {
        return endpoints.list(tenantId);
    }

    @GET
    @Path("/{name}")
    public EndpointView get(@PathParam("name") String name, @QueryParam("tenantId") @NotBlank String tenantId) {
        return endpoints.get(name, tenantId);
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name, @QueryParam("tenantId") @NotBlank String tenantId) {
        endpoints.delete(name, tenantId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{name}/keys")
    public Response createKey(@PathParam("name") String name, @QueryParam("tenantId") @NotBlank String tenantId) {
        ApiKeyCreated key = endpoints.createKey(name, tenantId);
        return Response.status(Response.Status.CREATED).entity(key).build();
    }

    @GET
    @Path("/{name}/keys")
    public List<ApiKeyView> keys(@PathParam("name") String name, @QueryParam("tenantId") @NotBlank String tenantId) {
        return endpoints.keys(name, tenantId);
    }

    @DELETE
    @Path("/{name}/keys/{keyId}")
    public Response revokeKey(@PathParam("name") String name, @PathParam("keyId") String keyId,
                              @QueryParam("tenantId") @NotBlank String tenantId) {
        endpoints.revokeKey(name, tenantId, keyId);
        return Response.noContent().build();
    }
}
