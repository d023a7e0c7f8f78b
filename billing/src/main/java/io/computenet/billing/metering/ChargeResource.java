package io.computenet.billing.metering;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.problem.ProblemException;
import jakarta.validation.constraints.Size;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A lease's charge as billing sees it, and the charges in one state (internal API). */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/charges")
public class ChargeResource {

    /**
     * The charge view: {@code seconds} and {@code amount} up to {@code accruedUntil} (now for a running lease, the end
     * for an ended one); {@code unpricedSeconds} had no valid price and are not in the amount.
     */
    public record Charge(String leaseId, String tenantId, String status, String deviceModel, String region,
                         int deviceCount, Instant startedAt, Instant endedAt, Long seconds,
                         BigDecimal pricePerDeviceHour, String currency, BigDecimal amount, BigDecimal share,
                         String sliceKind, String sliceProfile, boolean interruptible, Instant accruedUntil,
                         long unpricedSeconds, String operatorId) {

        static Charge of(ChargeEntity c) {
            return new Charge(c.leaseId, c.tenantId, c.status.name(), c.deviceModel, c.region, c.deviceCount,
                    c.startedAt, c.endedAt, c.seconds, c.pricePerDeviceHour, c.currency, c.amount, c.share,
                    c.sliceKind, c.sliceProfile, c.interruptible, c.accruedUntil, c.unpricedSeconds, c.operatorId);
        }
    }

    @GET
    @Path("/{leaseId}")
    @Transactional
    public Charge get(@PathParam("leaseId") @Size(max = 128) String leaseId) {
        ChargeEntity c = ChargeEntity.findById(leaseId);
        if (c == null) {
            throw new ProblemException(404, "charge-not-found", "Charge not found",
                    "no charge for lease " + leaseId + " (a lease that never started is not charged)", List.of());
        }
        return Charge.of(c);
    }

    /** The charges in a state, e.g. {@code UNPRICED} (what admins must price or settle), at most {@code limit}. */
    @GET
    @Transactional
    public List<Charge> byStatus(@QueryParam("status") String status, @QueryParam("limit") Integer limit) {
        ChargeEntity.Status wanted;
        try {
            wanted = ChargeEntity.Status.valueOf(status == null ? "" : status);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "invalid-request", "Invalid request",
                    "status must be one of " + List.of(ChargeEntity.Status.values()), List.of());
        }
        int max = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
        return ChargeEntity.<ChargeEntity>find("status = ?1 order by startedAt", wanted).page(0, max).list().stream()
                .map(Charge::of).toList();
    }
}
