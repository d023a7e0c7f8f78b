package io.computenet.portal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.portal.security.CurrentTenant;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.SchedulerClient;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Tenants' GPU-hour budgets and device quotas: researchers see their own tenant's standing, administrators set them.
 */
@Path("/api/v1")
public class TenantLimitsResource {

    @Inject
    @RestClient
    SchedulerClient scheduler;
    @Inject
    CurrentTenant tenant;
    @Inject
    SecurityIdentity identity;

    /** The caller's tenant: its monthly budget, GPU-hours used and committed this month, and its quotas. */
    @GET
    @Path("/limits")
    @RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
    public JsonNode mine() {
        return scheduler.limits(tenant.id());
    }

    @GET
    @Path("/admin/tenants/{tenantId}/limits")
    @RolesAllowed(Roles.ADMIN)
    public JsonNode limits(@PathParam("tenantId") @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String tenantId) {
        return scheduler.limits(tenantId);
    }

    /** Body {@code {"monthlyGpuHours": 500}}; {@code null} removes the budget. */
    @PUT
    @Path("/admin/tenants/{tenantId}/budget")
    @RolesAllowed(Roles.ADMIN)
    public JsonNode setBudget(@PathParam("tenantId") @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String tenantId,
                              @NotNull JsonNode budget) {
        return scheduler.setBudget(tenantId, identity.getPrincipal().getName(), budget);
    }

    /** Body: a list of {@code {"region": ..., "vendor": ..., "maxDevices": n}} (region, vendor optional). */
    @PUT
    @Path("/admin/tenants/{tenantId}/quotas")
    @RolesAllowed(Roles.ADMIN)
    public JsonNode setQuotas(@PathParam("tenantId") @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String tenantId,
                              @NotNull JsonNode quotas) {
        return scheduler.setQuotas(tenantId, quotas);
    }
}
