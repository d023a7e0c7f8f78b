package io.computenet.scheduler.api;

import io.computenet.contracts.api.Quote;
import io.computenet.contracts.api.QuoteRequest;
import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.Sharing;
import io.computenet.placement.WorkloadClass;
import io.computenet.problem.FieldProblem;
import io.computenet.scheduler.quote.QuoteBook;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import java.util.List;

/**
 * Priced options for a request, best first, each stored with an id and its price held until {@code validUntil}: a
 * lease request with {@code quoteId} books one (see {@link QuoteBook}).
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/quotes")
public class QuoteResource {

    @Inject
    QuoteBook quotes;

    @POST
    public Quote.QuoteList quote(@Valid @NotNull QuoteRequest r) {
        if (r.tenantId() == null || r.tenantId().isBlank()) {
            throw new FieldProblem("tenantId", "must not be blank");
        }
        // the lease path's request checks the count fields as for a lease (a gang: nodes with devicesPerNode)
        io.computenet.scheduler.lease.LeaseRequest asked = new io.computenet.scheduler.lease.LeaseRequest(
                r.tenantId(), r.memoryGiB(), r.deviceCount(), r.region(), r.vendor(),
                r.workloadClass() == null ? null : WorkloadClass.valueOf(r.workloadClass().name()),
                r.durationMinutes(), null, null, null, null, null, r.computePct(), r.model(), r.sliceProfile(),
                r.sharing() == null ? null : Sharing.valueOf(r.sharing().name()), r.framework(),
                r.maxPricePerHour(), null, r.nodes(), r.devicesPerNode(), null, null, null, r.hostMemoryGiB());
        PlacementRequest request;
        try {
            request = asked.placementRequest(asked.memoryMiB(), asked.workload());
        } catch (IllegalArgumentException e) {
            throw new io.computenet.problem.ProblemException(400, "invalid-request", "Invalid request",
                    e.getMessage(), List.of());
        }
        return quotes.issue(new QuoteBook.Ask(r.tenantId(), request, asked.nodeCount(), r.durationMinutes(),
                r.maxPricePerHour()));
    }
}
