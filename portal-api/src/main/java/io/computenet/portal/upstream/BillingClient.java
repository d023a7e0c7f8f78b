package io.computenet.portal.upstream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.math.BigDecimal;
import java.util.List;

/** Billing's internal API (its exports are streamed by {@link BillingExports}). */
/* the portal's own service token (client credentials of svc-portal) on every call */
@io.quarkus.oidc.client.filter.OidcClientFilter
@RegisterRestClient(configKey = "billing")
@RegisterProvider(UpstreamProblems.class)
@Path("/internal/v1")
public interface BillingClient {

    @GET
    @Path("/usage/{leaseId}")
    List<com.fasterxml.jackson.databind.JsonNode> usage(@jakarta.ws.rs.PathParam("leaseId") String leaseId);

    @GET
    @Path("/price-books")
    List<Price> prices();

    @jakarta.ws.rs.POST
    @Path("/tenants/{tenantId}/top-ups")
    com.fasterxml.jackson.databind.JsonNode topUp(@jakarta.ws.rs.PathParam("tenantId") String tenantId,
                                                  com.fasterxml.jackson.databind.JsonNode topUp);

    @jakarta.ws.rs.POST
    @Path("/tenants/{tenantId}/vouchers")
    com.fasterxml.jackson.databind.JsonNode issueVoucher(@jakarta.ws.rs.PathParam("tenantId") String tenantId,
                                                         com.fasterxml.jackson.databind.JsonNode voucher);

    @GET
    @Path("/tenants/{tenantId}/balance")
    com.fasterxml.jackson.databind.JsonNode balance(@jakarta.ws.rs.PathParam("tenantId") String tenantId);

    /** A price book entry; a null operator is the marketplace default. */
    record Price(String operatorId, String region, String vendor, String deviceModel, BigDecimal pricePerDeviceHour,
                 String currency) {
    }
}
