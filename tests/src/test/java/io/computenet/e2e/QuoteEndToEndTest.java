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

/** A researcher gets priced options before booking, and the lease then lands on one of them. */
@ExtendWith(StackExtension.class)
class QuoteEndToEndTest {

    private static String researcher;

    @BeforeAll
    static void token() {
        researcher = Tokens.password(StackExtension.stack().options().realmUrl(), "researcher1", "researcher1");
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
        assertThat(list.get(0)).containsEntry("preferredTier", true).containsEntry("tier", "east");
        for (Map<String, Object> q : list) {
            BigDecimal perHour = new BigDecimal(q.get("pricePerHour").toString());
            // (the hourly price is shown rounded to the fen; the estimate is rated once from the unrounded one)
            assertThat(new BigDecimal(q.get("estimatedCost").toString())).isCloseTo(
                    perHour.multiply(BigDecimal.valueOf(2)), within(new BigDecimal("0.01")));
            assertThat(new BigDecimal(q.get("deviceMemoryGiB").toString())).isGreaterThanOrEqualTo(
                    BigDecimal.valueOf(40));
        }

        // and: a lease asked for the same lands on a quoted model
        JsonPath lease = given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 40, "deviceCount", 1, "durationMinutes", 120, "workloadClass",
                        "INFERENCE"))
                .post("/api/v1/leases").then().statusCode(201).extract().jsonPath();
        assertThat(quotes.getList("quotes.model", String.class)).contains(lease.getString("deviceModel"));
        given().auth().oauth2(researcher).post("/api/v1/leases/" + lease.getString("leaseId") + "/release")
                .then().statusCode(200);
    }

    @Test
    void aPriceCeilingLeavesOutDearerOptionsAndSaysSo() {
        await().atMost(Duration.ofSeconds(90)).until(() -> !quote(Map.of()).getList("quotes").isEmpty());

        JsonPath cheap = quote(Map.of("maxPricePerHour", 0.01));

        assertThat(cheap.getList("quotes")).isEmpty();
        assertThat(cheap.getList("reasons", String.class)).anySatisfy(r ->
                assertThat(r).contains("cost more than 0.01 per hour"));
        assertThat(quote(Map.of("memoryGiB", 900)).getList("reasons", String.class)).anySatisfy(r ->
                assertThat(r).contains("no region has 1 free device(s) with >= 900 GiB"));
    }
}
