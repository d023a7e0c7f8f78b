package io.computenet.billing.metering;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A lease's charge as billing sees it (internal API). */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/charges")
public class ChargeResource {

    /** The charge view. */
    public record Charge(String leaseId, String tenantId, String status, String deviceModel, String region,
                         int deviceCount, Instant startedAt, Instant endedAt, Long seconds,
                         BigDecimal pricePerDeviceHour, String currency, BigDecimal amount, BigDecimal share,
                         String sliceKind, String sliceProfile) {
    }

    @GET
    @Path("/{leaseId}")
    @Transactional
    public Charge get(@PathParam("leaseId") String leaseId) {
        ChargeEntity c = ChargeEntity.findById(leaseId);
        if (c == null) {
            throw new ProblemException(404, "charge-not-found", "Charge not found",
                    "no charge for lease " + leaseId + " (a lease that never started is not charged)", List.of());
        }
        return new Charge(c.leaseId, c.tenantId, c.status.name(), c.deviceModel, c.region, c.deviceCount,
                c.startedAt, c.endedAt, c.seconds, c.pricePerDeviceHour, c.currency, c.amount, c.share, c.sliceKind,
                c.sliceProfile);
    }
}
