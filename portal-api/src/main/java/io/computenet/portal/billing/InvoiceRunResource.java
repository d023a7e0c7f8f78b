package io.computenet.portal.billing;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import io.computenet.portal.input.Parameters;
import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingAccountsClient;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Finance issues a closed month's invoices and payout statements ({@code period=YYYY-MM}): 201 when issued now, 200
 * with the same invoices when it was issued before, 409 for a month not over yet (billing also issues the last month
 * on its own schedule).
 */
@Path("/api/v1/billing/invoice-runs")
@RolesAllowed({Roles.FINANCE, Roles.ADMIN})
public class InvoiceRunResource {

    @Inject
    @RestClient
    BillingAccountsClient billing;
    @Inject
    SecurityIdentity identity;

    @POST
    public Response issue(@QueryParam("period") @NotNull(message = Parameters.MONTH_MESSAGE)
                          @Pattern(regexp = Parameters.MONTH, message = Parameters.MONTH_MESSAGE) String period) {
        try (Response r = billing.issue(period, identity.getPrincipal().getName())) {
            return Response.status(r.getStatus()).entity(r.readEntity(JsonNode.class)).build();
        }
    }
}
