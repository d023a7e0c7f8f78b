package io.computenet.portal.funds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.portal.security.CurrentTenant;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingClient;
import io.computenet.problem.Problem;
import io.computenet.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * Prepaid funds: finance and administrators record top-ups and issue vouchers (compute credits) to a tenant and read
 * any tenant's balance; a researcher reads their own tenant's balance, vouchers and this month's spend. Billing
 * checks the bodies (a bad field is its 400 problem, passed on); the portal adds who made the change.
 */
@Path("/api/v1")
public class FundsResource {

    private static final String TENANT = "[a-z0-9][a-z0-9-]{0,63}";

    @Inject
    @RestClient
    BillingClient billing;
    @Inject
    CurrentTenant tenant;
    @Inject
    SecurityIdentity identity;

    /** The caller's tenant: balance, vouchers with what is left and their expiry, spend this month. */
    @GET
    @Path("/balance")
    @RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
    public JsonNode mine() {
        return billing.balance(tenant.id());
    }

    @GET
    @Path("/admin/tenants/{tenantId}/balance")
    @RolesAllowed({Roles.FINANCE, Roles.ADMIN})
    public JsonNode balance(@PathParam("tenantId") @Pattern(regexp = TENANT) String tenantId) {
        return billing.balance(tenantId);
    }

    /**
     * Body {@code {"amount": 500.00, "currency": "CNY", "reference": "wire-2026-12-07-1"}} (currency and reference
     * optional; the same reference again records nothing: 200 with the first top-up).
     */
    @POST
    @Path("/admin/tenants/{tenantId}/top-ups")
    @RolesAllowed({Roles.FINANCE, Roles.ADMIN})
    public Response topUp(@PathParam("tenantId") @Pattern(regexp = TENANT) String tenantId,
                          @NotNull JsonNode topUp) {
        JsonNode recorded = billing.topUp(tenantId, by(topUp, "recordedBy"));
        return Response.status(recorded.path("created").asBoolean(true) ? 201 : 200).entity(recorded).build();
    }

    /**
     * Body {@code {"amount": 200, "expiresAt": "2027-01-31T16:00:00Z", "region": "cn-east-yrd", "vendor": "NVIDIA",
     * "reason": "student contest"}} (currency, region, vendor and reason optional: region or vendor null means any).
     */
    @POST
    @Path("/admin/tenants/{tenantId}/vouchers")
    @RolesAllowed({Roles.FINANCE, Roles.ADMIN})
    public Response issueVoucher(@PathParam("tenantId") @Pattern(regexp = TENANT) String tenantId,
                                 @NotNull JsonNode voucher) {
        return Response.status(201).entity(billing.issueVoucher(tenantId, by(voucher, "issuedBy"))).build();
    }

    /** The body with the caller as who made the change (whatever the body said). */
    private ObjectNode by(JsonNode body, String field) {
        if (!(body instanceof ObjectNode object)) {
            throw new ProblemException(400, "invalid-request", "Invalid request", "the body must be a JSON object",
                    List.of()) {
                @Override
                public Problem toProblem() {
                    Problem p = super.toProblem();
                    return new Problem(p.type(), p.title(), p.status(), p.detail(),
                            List.of(new Problem.FieldError("body", p.detail())), List.of());
                }
            };
        }
        ObjectNode copy = object.deepCopy();
        copy.put(field, identity.getPrincipal().getName());
        return copy;
    }
}
