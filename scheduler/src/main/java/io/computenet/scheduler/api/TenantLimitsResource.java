package io.computenet.scheduler.api;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.quota.Admission;
import io.computenet.scheduler.quota.TenantLimits;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.math.BigDecimal;
import java.util.List;

/** A tenant's GPU-hour budget and device quotas (set by administrators through the portal), and its standing. */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/tenants/{tenantId}/limits")
public class TenantLimitsResource {

    @Inject
    TenantLimits limits;

    /**
     * The monthly budget in device-hours; an explicit null removes it. The key is required: {@code {}} or a misspelt
     * key is a 400, never a removed budget.
     */
    public record BudgetRequest(@com.fasterxml.jackson.annotation.JsonProperty(required = true)
                                @DecimalMin("0") @DecimalMax("100000000") BigDecimal monthlyGpuHours) {
    }

    /** One device quota; region and vendor null mean any. */
    public record QuotaRequest(@Size(max = 64) String region, Vendor vendor, @NotNull @Min(0) @Max(100000)
                               Integer maxDevices) {
    }

    @GET
    public TenantLimits.View get(@PathParam("tenantId") String tenantId) {
        return limits.view(tenantId);
    }

    @PUT
    @Path("/budget")
    public TenantLimits.View setBudget(@PathParam("tenantId") String tenantId,
                                       @QueryParam("by") @NotBlank String by, @Valid @NotNull BudgetRequest request) {
        return limits.setBudget(tenantId, request.monthlyGpuHours(), by);
    }

    @PUT
    @Path("/quotas")
    public TenantLimits.View setQuotas(@PathParam("tenantId") String tenantId,
                                       @Valid @NotNull @Size(max = 100) List<@Valid @NotNull QuotaRequest> quotas) {
        return limits.setQuotas(tenantId, quotas.stream()
                .map(q -> new Admission.Quota(q.region(), q.vendor(), q.maxDevices())).toList());
    }
}
