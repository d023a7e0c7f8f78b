package io.computenet.portal.billing;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import io.computenet.portal.input.Parameters;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingExports;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.InputStream;

/**
 * Finance's billing exports: {@code format=csv} or {@code focus} (FOCUS 1.2) for a {@code period} (YYYY-MM). The
 * portal refuses a malformed parameter itself (400 naming it, nothing sent to billing); billing checks them again
 * and writes the export; the portal copies the body through as it arrives, so neither service holds an export in
 * memory.
 */
@Path("/api/v1/billing/exports")
@RolesAllowed({Roles.FINANCE, Roles.ADMIN})
public class ExportResource {

    @Inject
    BillingExports billing;

    @GET
    public Response export(@QueryParam("period") @NotNull(message = Parameters.MONTH_MESSAGE)
                           @Pattern(regexp = Parameters.MONTH, message = Parameters.MONTH_MESSAGE) String period,
                           @QueryParam("format") @Pattern(regexp = Parameters.EXPORT_FORMAT,
                                   message = Parameters.EXPORT_FORMAT_MESSAGE) String format) {
        BillingExports.Download download = billing.open(period, format);
        StreamingOutput body = out -> {
            try (InputStream in = download.body()) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder response = Response.ok(body, download.contentType());
        if (download.contentDisposition() != null) {
            response.header("Content-Disposition", download.contentDisposition());
        }
        return response.build();
    }
}
