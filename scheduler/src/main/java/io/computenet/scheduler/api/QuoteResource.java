package io.computenet.scheduler.api;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.WorkloadClass;
import io.computenet.scheduler.quote.QuoteBook;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import java.math.BigDecimal;
import java.math.RoundingMode;
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

    /** What the caller would ask for, for whom, for how long, and the most it would pay an hour (all devices). */
    public record QuoteRequest(@NotBlank @Size(max = 128) String tenantId,
                               @NotNull @DecimalMin("0.25") @DecimalMax("1024") BigDecimal memoryGiB,
                               @NotNull @Min(1) @Max(16) Integer deviceCount, @Size(max = 64) String region,
                               Vendor vendor, WorkloadClass workloadClass,
                               @NotNull @Min(1) @Max(43_200) Integer durationMinutes,
                               @DecimalMin("0") @DecimalMax("100000") BigDecimal maxPricePerHour,
                               @Min(1) @Max(100) Integer computePct, @Size(max = 128) String model,
                               @Size(max = 64) String sliceProfile, io.computenet.placement.Sharing sharing,
                               @Size(max = 64) String framework) {
    }

    @POST
    public QuoteBook.QuoteList quote(@Valid @NotNull QuoteRequest r) {
        long memoryMiB = r.memoryGiB().multiply(BigDecimal.valueOf(1024)).setScale(0, RoundingMode.CEILING).longValue();
        PlacementRequest request;
        try {
            request = new PlacementRequest(memoryMiB, r.deviceCount(), r.region(), r.vendor(),
                    r.workloadClass() == null ? WorkloadClass.INFERENCE : r.workloadClass(), r.computePct(), r.model(),
                    r.sliceProfile(), r.sharing() == null ? io.computenet.placement.Sharing.SHARED : r.sharing(),
                    io.computenet.scheduler.lease.LeaseRequest.parseFramework(r.framework()));
        } catch (IllegalArgumentException e) {
            throw new io.computenet.problem.ProblemException(400, "invalid-request", "Invalid request",
                    e.getMessage(), List.of());
        }
        return quotes.issue(new QuoteBook.Ask(r.tenantId(), request, r.durationMinutes(), r.maxPricePerHour()));
    }
}
