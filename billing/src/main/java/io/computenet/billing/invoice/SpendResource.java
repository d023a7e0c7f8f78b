package io.computenet.billing.invoice;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.problem.FieldProblem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant's usage and spend per lease in a month, as rated so far (running leases up to their last accrual, at most
 * a minute old): what the month's invoice will bill before tax and credits (internal API; the portal takes the tenant
 * from the caller's token).
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/spend")
public class SpendResource {

    @Inject
    UsageLineRepository usage;

    /** One lease's usage in the month; {@code ratedUntil} is where its rating reaches. */
    public record LeaseSpend(String leaseId, String operatorId, String region, String deviceModel, String slice,
                             int deviceCount, boolean interruptible, Instant from, Instant ratedUntil, long seconds,
                             BigDecimal amount, String currency) {
    }

    /** A currency's totals. */
    public record Total(String currency, long seconds, BigDecimal amount) {
    }

    public record Spend(String tenantId, String period, List<LeaseSpend> leases, List<Total> totals) {
    }

    @GET
    @Transactional
    public Spend spend(@QueryParam("tenantId") String tenantId, @QueryParam("period") String period) {
        String tenant = FieldProblem.required("tenantId", tenantId);
        var month = FieldProblem.period("period", period);
        Map<String, LeaseSpend> byLease = new LinkedHashMap<>();
        for (UsageLine u : usage.ofTenant(tenant, month)) {
            byLease.merge(u.leaseId() + "/" + u.currency(), new LeaseSpend(u.leaseId(), u.operatorId(), u.region(),
                    u.deviceModel(), u.sliceLabel(), u.deviceCount(), u.interruptible(), u.start(), u.end(),
                    u.seconds(), u.amount(), u.currency()), (a, b) -> new LeaseSpend(a.leaseId(), a.operatorId(),
                    a.region(), a.deviceModel(), a.slice(), a.deviceCount(), a.interruptible(), a.from(),
                    b.ratedUntil(), a.seconds() + b.seconds(), a.amount().add(b.amount()), a.currency()));
        }
        Map<String, Total> totals = new TreeMap<>();
        for (LeaseSpend l : byLease.values()) {
            totals.merge(l.currency(), new Total(l.currency(), l.seconds(), l.amount()),
                    (a, b) -> new Total(a.currency(), a.seconds() + b.seconds(), a.amount().add(b.amount())));
        }
        return new Spend(tenant, month.toString(), new ArrayList<>(byLease.values()), new ArrayList<>(totals.values()));
    }

    /** A tenant's spend per UTC day of a month, in every currency it spent in ({@link DailySpend}). */
    public record Daily(String tenantId, String period, List<DailySpend.Day> days) {
    }

    @GET
    @Path("/daily")
    @Transactional
    public Daily daily(@QueryParam("tenantId") String tenantId, @QueryParam("period") String period) {
        String tenant = FieldProblem.required("tenantId", tenantId);
        var month = FieldProblem.period("period", period);
        return new Daily(tenant, month.toString(), DailySpend.of(usage.ofTenant(tenant, month), month));
    }
}
