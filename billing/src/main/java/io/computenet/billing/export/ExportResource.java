package io.computenet.billing.export;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.problem.ProblemResponses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Billing exports for finance (internal API; the portal checks the finance role): {@code format=csv} (ComputeNet's
 * columns) or {@code focus} (FOCUS 1.2), streamed as it is read from PostgreSQL.
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/exports")
public class ExportResource {

    @Inject
    ExportService exports;

    @GET
    public Response export(@QueryParam("period") String period, @QueryParam("format") String format,
                           @QueryParam("tenantId") String tenantId) {
        ExportRequest request = ExportRequest.parse(period, format);
        return Response.ok(exports.stream(request, tenantId), ExportFormat.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"computenet-" + request.period()
                        + request.format().fileSuffix() + "\"")
                .build();
    }

    @ServerExceptionMapper
    public Response invalid(ExportRequest.InvalidExportRequest e) {
        return ProblemResponses.of(e.problem());
    }
}
