package io.computenet.portal.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.portal.security.CurrentTenant;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.SchedulerClient;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.math.BigDecimal;
import java.util.List;

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
    @Inject
    ObjectMapper json;

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

    /**
     * A tenant's monthly budget in device-hours; an explicit {@code null} removes it. The key is required, so {@code {}}
     * or a misspelt key is a 400 here, never a removed budget (the scheduler checks the same again).
     */
    public record BudgetChange(@JsonProperty(required = true) @DecimalMin("0") @DecimalMax("100000000")
                               BigDecimal monthlyGpuHours) {
    }

    /** One device quota; region and vendor left out mean any. */
    public record QuotaChange(@Size(max = 64) @Pattern(regexp = "[a-z0-9-]+", message = "must be a region id like "
            + "cn-east-yrd") String region, Vendor vendor, @NotNull @Min(0) @Max(100000) Integer maxDevices) {
    }

    /** Body {@code {"monthlyGpuHours": 500}}; {@code null} removes the budget. */
    @PUT
    @Path("/admin/tenants/{tenantId}/budget")
    @RolesAllowed(Roles.ADMIN)
    public JsonNode setBudget(@PathParam("tenantId") @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String tenantId,
                              @Valid @NotNull BudgetChange budget) {
        ObjectNode body = json.createObjectNode();
        body.put("monthlyGpuHours", budget.monthlyGpuHours());
        return scheduler.setBudget(tenantId, identity.getPrincipal().getName(), body);
    }

    /** Body: a list of {@code {"region": ..., "vendor": ..., "maxDevices": n}} (region, vendor optional). */
    @PUT
    @Path("/admin/tenants/{tenantId}/quotas")
    @RolesAllowed(Roles.ADMIN)
    public JsonNode setQuotas(@PathParam("tenantId") @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String tenantId,
                              @NotNull @Size(max = 1000) List<@Valid @NotNull QuotaChange> quotas) {
        return scheduler.setQuotas(tenantId, json.valueToTree(quotas));
    }
}
