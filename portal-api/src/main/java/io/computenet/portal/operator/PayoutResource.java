package io.computenet.portal.operator;

import jakarta.validation.constraints.Pattern;
import io.computenet.portal.input.Parameters;
import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.portal.security.CurrentOrganisation;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingAccountsClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * An operator organisation's payout statements for an issued month ({@code period=YYYY-MM}): what its nodes earned,
 * the platform fee, the net; the organisation is the caller's (token claim).
 */
@Path("/api/v1/payouts")
@RolesAllowed(Roles.OPERATOR)
public class PayoutResource {

    @Inject
    @RestClient
    BillingAccountsClient billing;
    @Inject
    CurrentOrganisation organisation;

    @GET
    public List<JsonNode> payouts(@QueryParam("period") @Pattern(regexp = Parameters.MONTH_OR_EMPTY,
            message = Parameters.MONTH_MESSAGE) String period) {
        return billing.payouts(organisation.id(), period);
    }
}
