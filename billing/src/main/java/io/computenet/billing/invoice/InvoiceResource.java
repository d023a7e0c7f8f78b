package io.computenet.billing.invoice;

import io.computenet.billing.invoice.InvoiceRepository.Stored;
import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.problem.FieldProblem;
import io.computenet.problem.ProblemException;
import jakarta.validation.constraints.Size;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Invoices (internal API; the portal checks roles and takes the tenant from the caller's token): issue a closed month
 * (finance and admins, through the portal), and a tenant's invoices with their lines and HTML rendering.
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/invoices")
public class InvoiceResource {

    @Inject
    InvoiceService service;

    /** An invoice without its lines. */
    public record Summary(String number, String tenantId, String period, String currency, Instant issuedAt,
                          BigDecimal subtotal, BigDecimal credits, BigDecimal tax, BigDecimal total) {

        static Summary of(Invoice i) {
            InvoiceDraft d = i.draft();
            return new Summary(i.number().toString(), d.tenantId(), d.period().toString(), d.currency(),
                    d.issuedAt(), d.subtotal(), d.credits(), d.tax(), d.total());
        }
    }

    /** One line as the API shows it. */
    public record Line(int lineNo, String kind, String leaseId, String usagePeriod, String operatorId, String region,
                       String deviceModel, String slice, int deviceCount, long seconds, BigDecimal unitPrice,
                       String reference, String description, BigDecimal amount) {

        static Line of(InvoiceLine l) {
            return new Line(l.lineNo(), l.kind().name(), l.leaseId(),
                    l.usagePeriod() == null ? null : l.usagePeriod().toString(), l.operatorId(), l.region(),
                    l.deviceModel(), l.slice(), l.deviceCount(), l.seconds(), l.unitPrice(), l.reference(),
                    l.description(), l.amount());
        }
    }

    /** An invoice with its lines; {@code taxRatePercent} is 6 for 6 %. */
    public record Detail(String number, String tenantId, String period, String currency, Instant issuedAt,
                         List<Line> lines, BigDecimal subtotal, BigDecimal credits, BigDecimal taxBase,
                         String taxLabel, BigDecimal taxRatePercent, BigDecimal tax, BigDecimal total) {

        static Detail of(Invoice i) {
            InvoiceDraft d = i.draft();
            return new Detail(i.number().toString(), d.tenantId(), d.period().toString(), d.currency(),
                    d.issuedAt(), d.lines().stream().map(Line::of).toList(), d.subtotal(), d.credits(), d.taxBase(),
                    d.taxRule().label(), d.taxRule().percent(), d.tax(), d.total());
        }
    }

    /** A month's issuing run and its invoices. */
    public record Run(String period, Instant issuedAt, String issuedBy, boolean alreadyIssued,
                      List<Summary> invoices) {
    }

    /**
     * Issues the invoices of a closed month ({@code period=YYYY-MM}); 201 when issued now, 200 with the same invoices
     * when the month was issued before; 409 {@code period-not-closed} for a month that has not ended.
     */
    @POST
    @Path("/runs")
    public Response issue(@QueryParam("period") String period, @QueryParam("issuedBy") String issuedBy) {
        InvoiceService.Issued issued = service.issue(FieldProblem.period("period", period),
                FieldProblem.required("issuedBy", issuedBy));
        Run run = new Run(issued.run().period().toString(), issued.run().issuedAt(), issued.run().issuedBy(),
                issued.alreadyIssued(), issued.invoices().stream().map(s -> Summary.of(s.invoice())).toList());
        return Response.status(issued.alreadyIssued() ? 200 : 201).entity(run).build();
    }

    /** The tenant's invoices, newest month first. */
    @GET
    public List<Summary> list(@QueryParam("tenantId") String tenantId) {
        return service.ofTenant(FieldProblem.required("tenantId", tenantId)).stream()
                .map(s -> Summary.of(s.invoice())).toList();
    }

    /** One of the tenant's invoices; another tenant's is 404 as if it did not exist. */
    @GET
    @Path("/{number}")
    public Detail get(@PathParam("number") @Size(max = 128) String number, @QueryParam("tenantId") String tenantId) {
        return Detail.of(find(number, tenantId).invoice());
    }

    /** The invoice's rendering, as fixed when it was issued. */
    @GET
    @Path("/{number}/html")
    @Produces("text/html;charset=utf-8")
    public String html(@PathParam("number") @Size(max = 128) String number, @QueryParam("tenantId") String tenantId) {
        return find(number, tenantId).html();
    }

    private Stored find(String number, String tenantId) {
        String tenant = FieldProblem.required("tenantId", tenantId);
        return InvoiceNumber.parse(number).flatMap(n -> service.get(tenant, n))
                .orElseThrow(() -> new ProblemException(404, "invoice-not-found", "Invoice not found",
                        "no invoice " + (number.length() > 40 ? number.substring(0, 40) : number)
                                + " for this tenant", List.of()));
    }

    @ServerExceptionMapper
    public Response notClosed(PeriodNotClosedException e) {
        return io.computenet.problem.ProblemResponses.of(io.computenet.problem.Problem.of(409, "period-not-closed",
                "Period not closed", e.getMessage()));
    }
}
