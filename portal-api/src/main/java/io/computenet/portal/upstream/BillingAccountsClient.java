package io.computenet.portal.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/**
 * Billing's internal API for money that belongs to someone: a tenant's spend and invoices, an operator's payouts and
 * price books, the platform fees. Billing's answers are passed on as they are; the tenant or organisation is always
 * the caller's, from the token.
 */
@OidcClientFilter
@RegisterRestClient(configKey = "billing")
@RegisterProvider(UpstreamProblems.class)
@Path("/internal/v1")
public interface BillingAccountsClient {

    @GET
    @Path("/spend")
    JsonNode spend(@QueryParam("tenantId") String tenantId, @QueryParam("period") String period);

    @GET
    @Path("/spend/daily")
    DailySpend dailySpend(@QueryParam("tenantId") String tenantId, @QueryParam("period") String period);

    @GET
    @Path("/endpoint-usage")
    JsonNode endpointUsage(@QueryParam("tenantId") String tenantId, @QueryParam("period") String period);

    @GET
    @Path("/invoices")
    List<JsonNode> invoices(@QueryParam("tenantId") String tenantId);

    @GET
    @Path("/invoices/{number}")
    JsonNode invoice(@PathParam("number") String number, @QueryParam("tenantId") String tenantId);

    @GET
    @Path("/invoices/{number}/html")
    @Produces("text/html")
    String invoiceHtml(@PathParam("number") String number, @QueryParam("tenantId") String tenantId);

    @POST
    @Path("/invoices/runs")
    jakarta.ws.rs.core.Response issue(@QueryParam("period") String period, @QueryParam("issuedBy") String issuedBy);

    @GET
    @Path("/payouts")
    List<JsonNode> payouts(@QueryParam("operatorId") String operatorId, @QueryParam("period") String period);

    /** Every operator's payout statements of a month (finance's view). */
    @GET
    @Path("/payouts/all")
    List<JsonNode> allPayouts(@QueryParam("period") String period);

    @GET
    @Path("/node-utilisation")
    List<NodeUtilisation> nodeUtilisation(@QueryParam("nodeId") List<String> nodeIds,
                                          @QueryParam("enrolledDevices") List<Integer> enrolledDevices);

    @GET
    @Path("/dead-letters")
    List<DeadLetter> deadLetters(@QueryParam("limit") Integer limit);

    /** Every price book entry with its validity start. */
    @GET
    @Path("/price-books")
    List<JsonNode> priceBookEntries(@QueryParam("all") boolean all);

    @POST
    @Path("/price-books")
    JsonNode addPrice(JsonNode price, @QueryParam("changedBy") String changedBy);

    @GET
    @Path("/price-books/platform-fees/{operatorId}")
    JsonNode platformFee(@PathParam("operatorId") String operatorId);

    @PUT
    @Path("/price-books/platform-fees/{operatorId}")
    JsonNode setPlatformFee(@PathParam("operatorId") String operatorId, JsonNode change);

    /** A tenant's spend per UTC day of a month, per currency (every day of the month, zero where nothing ran). */
    record DailySpend(String tenantId, String period, List<Day> days) {

        public record Day(java.time.LocalDate date, String currency, long seconds, java.math.BigDecimal amount) {
        }
    }

    /**
     * A node's recent utilisation over its enrolled devices ({@code devices}): those under a lease
     * ({@code devicesInUse}) at the mean of their agent's usage samples since {@code since}, idle ones at 0 %
     * ({@code utilizationPct}, null when no device has a figure); the memory they use now, the newest sample's time.
     */
    record NodeUtilisation(String nodeId, int devices, int devicesInUse, Double utilizationPct, long memoryUsedMiB,
                           java.time.Instant lastSampleAt, java.time.Instant since) {
    }

    /**
     * A record billing or the scheduler dead-lettered ({@code service}), where it came from (topic, partition,
     * offset), why, when, and its key and payload (cut short).
     */
    record DeadLetter(int partition, long offset, java.time.Instant deadLetteredAt, String service,
                      String originTopic, Integer originPartition, Long originOffset, String reason,
                      String exceptionClass, String key, String payload) {
    }
}
