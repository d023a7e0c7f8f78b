package io.computenet.billing.export;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Billing exports for finance (internal API; the portal checks the finance role). */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/exports")
public class ExportResource {

    @Inject
    ExportService exports;

    @GET
    public Response export(@QueryParam("period") String period, @QueryParam("format") String format,
                           @QueryParam("tenantId") String tenantId) {
        YearMonth month = parsePeriod(period);
        String f = format == null || format.isBlank() ? "csv" : format.trim().toLowerCase(java.util.Locale.ROOT);
        if (!f.equals("csv")) {
            throw new ProblemException(400, "unsupported-export-format", "Unsupported export format",
                    "format '" + format + "' is not supported; supported: csv", List.of());
        }
        return Response.ok(CsvExport.write(exports.lines(month, tenantId)), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"computenet-" + month + ".csv\"")
                .build();
    }

    static YearMonth parsePeriod(String period) {
        if (period == null || period.isBlank()) {
            throw invalidPeriod(period);
        }
        try {
            return YearMonth.parse(period.trim());
        } catch (DateTimeParseException e) {
            throw invalidPeriod(period);
        }
    }

    private static ProblemException invalidPeriod(String period) {
        return new ProblemException(400, "invalid-request", "Invalid request",
                "period must be a month as YYYY-MM but was '" + period + "'", List.of());
    }
}
