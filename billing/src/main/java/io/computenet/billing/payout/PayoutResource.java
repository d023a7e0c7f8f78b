package io.computenet.billing.payout;

import io.computenet.problem.FieldProblem;
import io.computenet.contracts.identity.ServiceRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Operators' payout statements (internal API; the portal takes the organisation from the operator's token): one per
 * currency for an issued month, empty before the month is issued.
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/payouts")
public class PayoutResource {

    @Inject
    PayoutService payouts;

    /** A statement line as the API shows it. */
    public record Line(int lineNo, String kind, String leaseId, String tenantId, String usagePeriod,
                       String deviceModel, String slice, long seconds, BigDecimal gross, BigDecimal feePercent,
                       BigDecimal fee, BigDecimal net) {

        static Line of(PayoutLine l) {
            return new Line(l.lineNo(), l.kind().name(), l.leaseId(), l.tenantId(), l.usagePeriod().toString(),
                    l.deviceModel(), l.slice(), l.seconds(), l.gross(), l.feePercent(), l.fee(), l.net());
        }
    }

    /** A statement: gross (what the operator's nodes earned, as billed), the platform fee and the net payout. */
    public record Statement(String operatorId, String period, String currency, Instant issuedAt, BigDecimal gross,
                            BigDecimal fee, BigDecimal net, List<Line> lines) {

        static Statement of(PayoutDraft d) {
            return new Statement(d.operatorId(), d.period().toString(), d.currency(), d.issuedAt(), d.gross(),
                    d.fee(), d.net(), d.lines().stream().map(Line::of).toList());
        }
    }

    @GET
    public List<Statement> list(@QueryParam("operatorId") String operatorId, @QueryParam("period") String period) {
        return payouts.of(FieldProblem.required("operatorId", operatorId), FieldProblem.period("period", period))
                .stream().map(Statement::of).toList();
    }

    /** Every operator's statements of an issued month (for finance; the portal checks the caller's role). */
    @GET
    @Path("/all")
    public List<Statement> all(@QueryParam("period") String period) {
        return payouts.ofPeriod(FieldProblem.period("period", period)).stream().map(Statement::of).toList();
    }
}
