package io.computenet.portal.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.portal.input.Parameters;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingAccountsClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * Every operator organisation's payout statements of an issued month ({@code period=YYYY-MM}), for finance and
 * admins; an operator reads only its own ({@code GET /api/v1/payouts}).
 */
@Path("/api/v1/billing/payouts")
@RolesAllowed({Roles.FINANCE, Roles.ADMIN})
public class PayoutStatementsResource {

    @Inject
    @RestClient
    BillingAccountsClient billing;

    @GET
    public List<JsonNode> payouts(@QueryParam("period") @NotNull(message = Parameters.MONTH_MESSAGE) @Pattern(
            regexp = Parameters.MONTH, message = Parameters.MONTH_MESSAGE) String period) {
        return billing.allPayouts(period);
    }
}
