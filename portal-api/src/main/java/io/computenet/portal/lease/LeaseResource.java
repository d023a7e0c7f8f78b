package io.computenet.portal.lease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/** Researchers' leases: request, follow, release. Each user sees only the leases of their own tenant. */
@Path("/api/v1/leases")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
public class LeaseResource {

    @Inject
    @RestClient
    SchedulerClient scheduler;
    @Inject
    @RestClient
    BillingClient billing;
    @Inject
    CurrentTenant tenant;
    @Inject
    ObjectMapper json;

    @Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    @POST
    public Response request(@Valid @NotNull LeaseRequestDto request) {
        if (request.priority() != null && !identity.hasRole(Roles.ADMIN)) {
            throw new io.computenet.problem.ProblemException(403, "priority-not-allowed", "Priority not allowed",
                    "only administrators set lease priorities; leave priority out", List.of());
        }
        ObjectNode body = json.valueToTree(request);
        body.put("tenantId", tenant.id());
        JsonNode lease = scheduler.createLease(body);
        return Response.status(Response.Status.CREATED).entity(lease)
                .header("Location", "/api/v1/leases/" + lease.path("leaseId").asText()).build();
    }

    @GET
    public List<JsonNode> list() {
        return scheduler.leases(tenant.id());
    }

    @GET
    @Path("/{leaseId}")
    public JsonNode get(@PathParam("leaseId") String leaseId) {
        return scheduler.lease(leaseId, tenant.id());
    }

    /** Utilisation and memory samples of the lease's devices, oldest first, for charts. */
    @GET
    @Path("/{leaseId}/usage")
    public List<JsonNode> usage(@PathParam("leaseId") String leaseId) {
        scheduler.lease(leaseId, tenant.id()); // 404 unless the caller's tenant owns it
        return billing.usage(leaseId);
    }

    /** Extends the lease: body {@code {"minutes": 60}}; refused when the tenant's budget would be exceeded. */
    @POST
    @Path("/{leaseId}/renew")
    public JsonNode renew(@PathParam("leaseId") String leaseId, @NotNull JsonNode request) {
        return scheduler.renew(leaseId, tenant.id(), request);
    }

    @POST
    @Path("/{leaseId}/release")
    public JsonNode release(@PathParam("leaseId") String leaseId) {
        return scheduler.release(leaseId, tenant.id());
    }
}
