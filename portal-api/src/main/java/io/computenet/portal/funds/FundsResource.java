package io.computenet.portal.funds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.portal.security.CurrentTenant;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingClient;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Prepaid funds: finance and administrators record top-ups and issue vouchers (compute credits) to a tenant and read
 * any tenant's balance; a researcher reads their own tenant's balance, vouchers and this month's spend. The portal
 * reads the bodies strictly (a bad field is a 400 naming it, nothing sent on), adds who made the change, and billing
 * checks them again.
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
    @Inject
    ObjectMapper json;

    /** A top-up: amount in currency (ISO 4217, CNY when left out); the same reference again records nothing. */
    public record TopUpRequest(@NotNull @Positive @Digits(integer = 16, fraction = 2) BigDecimal amount,
                               @Pattern(regexp = "[A-Z]{3}", message = "an ISO 4217 code such as CNY") String currency,
                               @Size(max = 128) String reference) {
    }

    /** A voucher: amount in currency until expiresAt, in region and on vendor's devices (left out: any). */
    public record VoucherRequest(@NotNull @Positive @Digits(integer = 16, fraction = 2) BigDecimal amount,
                                 @Pattern(regexp = "[A-Z]{3}", message = "an ISO 4217 code such as CNY")
                                 String currency,
                                 @NotNull Instant expiresAt,
                                 @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+", message = "a region id")
                                 String region,
                                 Vendor vendor,
                                 @Size(max = 256) String reason) {
    }

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
                          @Valid @NotNull TopUpRequest topUp) {
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
                                 @Valid @NotNull VoucherRequest voucher) {
        return Response.status(201).entity(billing.issueVoucher(tenantId, by(voucher, "issuedBy"))).build();
    }

    /** The body with the caller as who made the change (whatever the body said). */
    private ObjectNode by(Object request, String field) {
        ObjectNode body = json.valueToTree(request);
        body.put(field, identity.getPrincipal().getName());
        return body;
    }
}
