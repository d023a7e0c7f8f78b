package io.computenet.e2e;

import io.computenet.devstack.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A researcher gets priced options before booking: a lease asked for the same lands where the first quote is, and a
 * quote booked by its id is placed inside its option at the price it holds, once.
 */
@ExtendWith(StackExtension.class)
class QuoteEndToEndTest {

    private static String researcher;
    private static String otherTenant;

    @BeforeAll
    static void token() {
        researcher = Tokens.password(StackExtension.stack().options().realmUrl(), "researcher1", "researcher1");
        otherTenant = Tokens.password(StackExtension.stack().options().realmUrl(), "researcher2", "researcher2");
    }

    private static io.restassured.response.ValidatableResponse lease(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/leases").then();
    }

    private static void release(String leaseId) {
        given().auth().oauth2(researcher).post("/api/v1/leases/" + leaseId + "/release").then().statusCode(200);
    }

    private static JsonPath quote(Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("memoryGiB", 40, "deviceCount", 1, "durationMinutes", 120,
                "workloadClass", "INFERENCE"));
        body.putAll(extra);
        return given().auth().oauth2(researcher).contentType(ContentType.JSON).body(body).post("/api/v1/quotes")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void quotesThePreferredRegionFirstWithThePriceOfTheWholeDurationAndTheLeaseLandsOnAQuotedOption() {
        // given: the fleet is in
        await().atMost(Duration.ofSeconds(90)).until(() -> !quote(Map.of()).getList("quotes").isEmpty());

        // when
        JsonPath quotes = quote(Map.of());

        // then: inference prefers the east hubs; each quote prices two hours of one device
        List<Map<String, Object>> list = quotes.getList("quotes");
        assertThat(list).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        assertThat(list.get(0)).containsEntry("preferredTier", true).containsEntry("tier", "EAST");
        for (Map<String, Object> q : list) {
            BigDecimal perHour = new BigDecimal(q.get("pricePerHour").toString());
            // (the hourly price is shown rounded to the fen; the estimate is rated once from the unrounded one)
            assertThat(new BigDecimal(q.get("estimatedCost").toString())).isCloseTo(
                    perHour.multiply(BigDecimal.valueOf(2)), within(new BigDecimal("0.01")));
            assertThat(new BigDecimal(q.get("deviceMemoryGiB").toString())).isGreaterThanOrEqualTo(
                    BigDecimal.valueOf(40));
        }

        // and: a lease asked for the same, without a quote, lands where the first quote is, at its price
        JsonPath lease = lease(researcher, Map.of("memoryGiB", 40, "deviceCount", 1, "durationMinutes", 120,
                "workloadClass", "INFERENCE")).statusCode(201).extract().jsonPath();
        assertThat(lease.getString("region")).isEqualTo(quotes.getString("quotes[0].region"));
        assertThat(lease.getString("deviceModel")).isEqualTo(quotes.getString("quotes[0].model"));
        assertThat(lease.getString("slice.kind")).isEqualTo(quotes.getString("quotes[0].sliceKind"));
        assertThat(new BigDecimal(lease.getString("pricePerHour")))
                .isEqualByComparingTo(quotes.getString("quotes[0].pricePerHour"));
        release(lease.getString("leaseId"));
    }

    @Test
    void aQuoteIsBookedByItsIdOnceInsideItsOptionAtItsPrice() {
        // given: quotes with ids, held for a while; the last one is booked (not the one a plain request would get)
        await().atMost(Duration.ofSeconds(90)).until(() -> !quote(Map.of()).getList("quotes").isEmpty());
        JsonPath quotes = quote(Map.of());
        int last = quotes.getList("quotes").size() - 1;
        String quoteId = quotes.getString("quotes[" + last + "].quoteId");
        assertThat(quoteId).startsWith("qt-");
        assertThat(java.time.Instant.parse(quotes.getString("quotes[" + last + "].validUntil")))
                .isAfter(java.time.Instant.now().plus(Duration.ofMinutes(10)));

        // when: another tenant tries its id, then the researcher books it with nothing but the id
        lease(otherTenant, Map.of("quoteId", quoteId)).statusCode(404)
                .body("type", org.hamcrest.Matchers.endsWith("/quote-not-found"));
        JsonPath lease = lease(researcher, Map.of("quoteId", quoteId)).statusCode(201).extract().jsonPath();

        // then: inside the quoted option, at the quoted price, for the quoted duration
        try {
            assertThat(lease.getString("quoteId")).isEqualTo(quoteId);
            assertThat(lease.getString("region")).isEqualTo(quotes.getString("quotes[" + last + "].region"));
            assertThat(lease.getString("deviceModel")).isEqualTo(quotes.getString("quotes[" + last + "].model"));
            assertThat(lease.getString("slice.kind")).isEqualTo(quotes.getString("quotes[" + last + "].sliceKind"));
            assertThat(new BigDecimal(lease.getString("pricePerHour")))
                    .isEqualByComparingTo(quotes.getString("quotes[" + last + "].pricePerHour"));
            assertThat(new BigDecimal(lease.getString("estimatedCost")))
                    .isEqualByComparingTo(quotes.getString("quotes[" + last + "].estimatedCost"));
            assertThat(lease.getInt("durationMinutes")).isEqualTo(120);

            // and: a quote is booked once
            lease(researcher, Map.of("quoteId", quoteId)).statusCode(409)
                    .body("type", org.hamcrest.Matchers.endsWith("/quote-booked"));
        } finally {
            release(lease.getString("leaseId"));
        }
    }

    @Test
    void aPriceCeilingLeavesOutDearerOptionsAndSaysSo() {
        await().atMost(Duration.ofSeconds(90)).until(() -> !quote(Map.of()).getList("quotes").isEmpty());

        JsonPath cheap = quote(Map.of("maxPricePerHour", 0.01));

        assertThat(cheap.getList("quotes")).isEmpty();
        assertThat(cheap.getList("reasons", String.class)).anySatisfy(r ->
                assertThat(r).startsWith("price: ").contains("cost more than the ceiling of 0.01 CNY per hour"));
        assertThat(quote(Map.of("memoryGiB", 900)).getList("reasons", String.class)).anySatisfy(r ->
                assertThat(r).contains("no region has 1 free device(s) with >= 900 GiB"));
    }
}
