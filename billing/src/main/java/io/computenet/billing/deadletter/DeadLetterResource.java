package io.computenet.billing.deadletter;

import io.computenet.contracts.identity.ServiceRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.List;

/** The newest dead-lettered records of billing and the scheduler (internal API; the portal admits admins only). */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/dead-letters")
public class DeadLetterResource {

    @Inject
    DeadLetterRecords records;

    @GET
    public List<DeadLetter> latest(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return records.latest(limit);
    }
}
