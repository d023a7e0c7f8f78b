package io.computenet.billing.funds;

import io.computenet.contracts.identity.ServiceRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * Tenants' prepaid funds (internal API, the portal's): record a top-up, issue a voucher, read the balance view. The
 * portal decides who may (finance and admins write; a researcher reads only their own tenant).
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/tenants/{tenantId}")
public class FundsResource {

    private static final String TENANT = "[a-z0-9][a-z0-9-]{0,63}";

    @Inject
    FundsService funds;

    /** 201 with the top-up and the new balance; the same {@code reference} again: 200 with the first one. */
    @POST
    @Path("/top-ups")
    public Response topUp(@PathParam("tenantId") @Pattern(regexp = TENANT) String tenantId,
                          @Valid @NotNull FundsRequests.TopUp request) {
        FundsService.TopUpView view = funds.topUp(tenantId, request);
        return Response.status(view.created() ? 201 : 200).entity(view).build();
    }

    @POST
    @Path("/vouchers")
    public Response issue(@PathParam("tenantId") @Pattern(regexp = TENANT) String tenantId,
                          @Valid @NotNull FundsRequests.IssueVoucher request) {
        return Response.status(201).entity(funds.issue(tenantId, request)).build();
    }

    @GET
    @Path("/balance")
    public FundsService.BalanceView balance(@PathParam("tenantId") @Pattern(regexp = TENANT) String tenantId) {
        return funds.view(tenantId);
    }
}
