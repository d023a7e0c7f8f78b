package io.computenet.billing.usage;

import io.computenet.contracts.identity.ServiceRoles;
import jakarta.validation.constraints.Size;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.util.List;

/** A lease's usage samples, oldest first (internal API; the portal checks that the caller owns the lease). */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/usage")
public class UsageResource {

    @Inject
    UsageSamples samples;

    @GET
    @Path("/{leaseId}")
    public List<UsageSamples.Sample> usage(@PathParam("leaseId") @Size(max = 128) String leaseId,
                                           @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10_000) int limit) {
        return samples.forLease(leaseId, limit);
    }
}
