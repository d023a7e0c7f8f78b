package io.computenet.portal.billing;

import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Finance's billing exports. */
@Path("/api/v1/billing/exports")
@RolesAllowed({Roles.FINANCE, Roles.ADMIN})
public class ExportResource {

    @Inject
    @RestClient
    BillingClient billing;

    @GET
    public Response export(@QueryParam("period") String period, @QueryParam("format") String format) {
        String csv = billing.export(period, format == null ? "csv" : format);
        return Response.ok(csv, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"computenet-" + period + ".csv\"").build();
    }
}
