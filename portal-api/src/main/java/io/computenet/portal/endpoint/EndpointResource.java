package io.computenet.portal.endpoint;

import io.computenet.portal.input.PathId;
import io.computenet.contracts.api.endpoint.ApiKeyCreated;
import io.computenet.contracts.api.endpoint.ApiKeyView;
import io.computenet.contracts.api.endpoint.EndpointCreated;
import io.computenet.contracts.api.endpoint.EndpointRequest;
import io.computenet.contracts.api.endpoint.EndpointView;
import io.computenet.portal.gateway.GatewayRoutes;
import io.computenet.portal.security.CurrentTenant;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.EndpointsClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * Researchers' inference endpoints and their API keys, for the caller's own tenant only; forwarded to the scheduler,
 * whose problems (404 {@code endpoint-not-found}, 409 {@code endpoint-exists}, 400 naming the field) pass through.
 * Each view carries the {@code baseUrl} an OpenAI client is given ({@code cn.portal.public-url}). A revoked key or a
 * deleted endpoint is taken out of the gateway's routing table before the answer, so it is refused at once.
 */
@Path("/api/v1/endpoints")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
public class EndpointResource {

    private static final String PROBLEM = "application/problem+json";
    private static final String JSON = "application/json";

    @Inject
    @RestClient
    EndpointsClient scheduler;
    @Inject
    CurrentTenant tenant;
    @Inject
    GatewayRoutes gateway;
    @ConfigProperty(name = "cn.portal.public-url")
    String publicUrl;

    @POST
    @Operation(summary = "Create an inference endpoint", description = "Answers the endpoint, its first API key "
            + "(shown once) and the base URL for OpenAI clients.")
    @APIResponse(responseCode = "201", description = "created",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = EndpointCreated.class)))
    @APIResponse(responseCode = "400", description = "bad input; errors[] names the field", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "endpoint-exists: the tenant has a live endpoint of that name",
            content = @Content(mediaType = PROBLEM))
    public Response create(@Valid @NotNull EndpointRequest request) {
        EndpointCreated created = scheduler.create(request.forTenant(tenant.id())).at(publicUrl);
        gateway.refresh();
        return Response.status(Response.Status.CREATED).entity(created)
                .header("Location", "/api/v1/endpoints/" + created.endpoint().name()).build();
    }

    @GET
    @Operation(summary = "The tenant's endpoints (deleted ones left out)")
    @APIResponse(responseCode = "200", description = "the endpoints",
            content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = EndpointView.class)))
    public List<EndpointView> list() {
        return scheduler.list(tenant.id()).stream().map(view -> view.at(publicUrl)).toList();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One endpoint: state, reasons, replicas, price per replica-hour, requests and tokens")
    @APIResponse(responseCode = "200", description = "the endpoint",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = EndpointView.class)))
    @APIResponse(responseCode = "404", description = "endpoint-not-found", content = @Content(mediaType = PROBLEM))
    public EndpointView get(@PathParam("name") @PathId String name) {
        return scheduler.get(name, tenant.id()).at(publicUrl);
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Delete an endpoint: its replicas' leases end, its keys are revoked")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "endpoint-not-found", content = @Content(mediaType = PROBLEM))
    public void delete(@PathParam("name") @PathId String name) {
        String tenantId = tenant.id();
        scheduler.delete(name, tenantId);
        gateway.endpointDeleted(tenantId, name);
    }

    @POST
    @Path("/{name}/keys")
    @Operation(summary = "Create another API key (shown once)")
    @APIResponse(responseCode = "201", description = "created",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiKeyCreated.class)))
    @APIResponse(responseCode = "404", description = "endpoint-not-found", content = @Content(mediaType = PROBLEM))
    public Response createKey(@PathParam("name") @PathId String name) {
        ApiKeyCreated key = scheduler.createKey(name, tenant.id());
        gateway.refresh();
        return Response.status(Response.Status.CREATED).entity(key).build();
    }

    @GET
    @Path("/{name}/keys")
    @Operation(summary = "The endpoint's API keys: id, prefix, created and revoked times (never the key)")
    @APIResponse(responseCode = "200", description = "the keys",
            content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = ApiKeyView.class)))
    @APIResponse(responseCode = "404", description = "endpoint-not-found", content = @Content(mediaType = PROBLEM))
    public List<ApiKeyView> keys(@PathParam("name") @PathId String name) {
        return scheduler.keys(name, tenant.id());
    }

    @DELETE
    @Path("/{name}/keys/{keyId}")
    @Operation(summary = "Revoke an API key (idempotent); the gateway refuses it from this answer on")
    @APIResponse(responseCode = "204", description = "revoked")
    @APIResponse(responseCode = "404", description = "endpoint-not-found", content = @Content(mediaType = PROBLEM))
    public void revokeKey(@PathParam("name") @PathId String name, @PathParam("keyId") @PathId String keyId) {
        String tenantId = tenant.id();
        scheduler.revokeKey(name, keyId, tenantId);
        gateway.keyRevoked(tenantId, name, keyId);
    }
}
