package io.computenet.portal.billing;

import jakarta.validation.constraints.Pattern;
import io.computenet.portal.input.Parameters;
import io.computenet.portal.input.PathId;
import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.portal.security.CurrentTenant;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingAccountsClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What a researcher's tenant uses and pays: the month's usage and spend per lease, and its invoices (JSON and the
 * rendering). The tenant is always the caller's (token claim); another tenant's invoice is 404.
 */
@Path("/api/v1")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
public class AccountResource {

    @Inject
    @RestClient
    BillingAccountsClient billing;
    @Inject
    CurrentTenant tenant;

    /** Usage and spend per lease in {@code period} (YYYY-MM, default this month, UTC), rated so far. */
    @GET
    @Path("/usage")
    public JsonNode usage(@QueryParam("period") @Pattern(regexp = Parameters.MONTH_OR_EMPTY,
            message = Parameters.MONTH_MESSAGE) String period) {
        return billing.spend(tenant.id(), monthOrNow(period));
    }

    /** Spend per UTC day of {@code period} (YYYY-MM, default this month), per currency, rated so far. */
    @GET
    @Path("/usage/daily")
    public BillingAccountsClient.DailySpend dailySpend(@QueryParam("period") @Pattern(
            regexp = Parameters.MONTH_OR_EMPTY, message = Parameters.MONTH_MESSAGE) String period) {
        return billing.dailySpend(tenant.id(), monthOrNow(period));
    }

    /** The month's requests and tokens of the tenant's inference endpoints, per endpoint and API key. */
    @GET
    @Path("/usage/endpoints")
    public JsonNode endpointUsage(@QueryParam("period") @Pattern(regexp = Parameters.MONTH_OR_EMPTY,
            message = Parameters.MONTH_MESSAGE) String period) {
        return billing.endpointUsage(tenant.id(), monthOrNow(period));
    }

    @GET
    @Path("/invoices")
    public List<JsonNode> invoices() {
        return billing.invoices(tenant.id());
    }

    @GET
    @Path("/invoices/{number}")
    public JsonNode invoice(@PathParam("number") @PathId String number) {
        return billing.invoice(number, tenant.id());
    }

    /** The invoice as a page a person reads or prints. */
    @GET
    @Path("/invoices/{number}/html")
    @Produces("text/html;charset=utf-8")
    public String invoiceHtml(@PathParam("number") @PathId String number) {
        return billing.invoiceHtml(number, tenant.id());
    }

    private static String monthOrNow(String period) {
        return period == null || period.isEmpty()
                ? YearMonth.now(Clock.systemUTC().withZone(ZoneOffset.UTC)).toString() : period;
    }
}
