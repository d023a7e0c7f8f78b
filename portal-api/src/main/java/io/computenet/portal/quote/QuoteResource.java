package io.computenet.portal.quote;

import io.computenet.contracts.api.Quote;
import io.computenet.contracts.api.QuoteRequest;
import io.computenet.portal.security.CurrentTenant;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.SchedulerClient;
import io.computenet.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Prices before booking: the best few places a request would run right now (up to 5), ranked as the scheduler places
 * leases, with the price per hour and the estimated cost of the whole duration. The scheduler stores each quote and
 * holds its price for a while (15 minutes by default): a lease request with its {@code quoteId} books it.
 */
@Path("/api/v1/quotes")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
public class QuoteResource {

    @Inject
    @RestClient
    SchedulerClient scheduler;
    @Inject
    CurrentTenant tenant;

    /**
     * The quotes, best first: the first is where a lease of the same request without a quote goes. Each has a
     * {@code quoteId} and a {@code validUntil}: a lease request with the id books it, at its price, until then.
     */
    @POST
    @Operation(summary = "Price a request", description = "The quotes, best first, each held until validUntil; "
            + "an empty list with reasons[] when nothing fits. The tenant is the caller's, whatever the body says.")
    @APIResponse(responseCode = "200", description = "the quotes",
            content = @Content(schema = @Schema(implementation = Quote.QuoteList.class)))
    @APIResponse(responseCode = "400", description = "bad input; errors[] names the field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Quote.QuoteList quote(@Valid @NotNull QuoteRequest request) {
        return scheduler.quotes(request.forTenant(tenant.id()));
    }
}
