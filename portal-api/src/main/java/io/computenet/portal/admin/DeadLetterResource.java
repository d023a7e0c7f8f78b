package io.computenet.portal.admin;

import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingAccountsClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * The newest records billing and the scheduler dead-lettered (from {@code computenet.dead-letter.v1}, kept by billing):
 * reason, origin topic, partition and offset, time, key and payload. Administrators only.
 */
@Path("/api/v1/admin/dead-letters")
@RolesAllowed(Roles.ADMIN)
public class DeadLetterResource {

    @Inject
    @RestClient
    BillingAccountsClient billing;

    @GET
    public List<BillingAccountsClient.DeadLetter> deadLetters(@QueryParam("limit") @Pattern(
            regexp = "([1-9][0-9]{0,2}|1000)?", message = "must be a whole number from 1 to 1000") String limit) {
        return billing.deadLetters(limit == null || limit.isEmpty() ? 100 : Integer.parseInt(limit));
    }
}
