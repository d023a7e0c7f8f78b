package io.computenet.billing.pricing;

import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** Price book entries are added with a validity start, never in the past, and every change is kept. */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class PriceBookApiTest {

    private static io.restassured.response.ValidatableResponse post(Map<String, Object> body, String by) {
        return given().contentType(ContentType.JSON).queryParam("changedBy", by).body(body)
                .post("/internal/v1/price-books").then();
    }

    @Test
    void anOperatorsPriceChangeAppliesFromItsStartAndKeepsWhoWhenOldAndNew() {
        // given
        String operator = "op-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant later = now.plus(1, ChronoUnit.DAYS);

        // when: a price now, then a raise from tomorrow, and a MIG profile price
        post(Map.of("operatorId", operator, "region", "cn-east-yrd", "vendor", "NVIDIA", "deviceModel",
                "H100 80GB HBM3", "pricePerDeviceHour", 20.00), "operator1").statusCode(201)
                .body("currency", equalTo("CNY")).body("term", equalTo("ON_DEMAND"));
        post(Map.of("operatorId", operator, "region", "cn-east-yrd", "vendor", "NVIDIA", "deviceModel",
                "H100 80GB HBM3", "pricePerDeviceHour", 24.00, "validFrom", later.toString()), "operator1")
                .statusCode(201);
        post(Map.of("operatorId", operator, "region", "cn-east-yrd", "vendor", "NVIDIA", "deviceModel",
                "H100 80GB HBM3", "sliceKind", "MIG", "sliceProfile", "1g.10gb", "term", "INTERRUPTIBLE",
                "pricePerDeviceHour", 12.00), "operator1").statusCode(201);

        // then: in force now is 20.00; both versions are listed; the history has old and new
        given().get("/internal/v1/price-books").then().statusCode(200)
                .body("findAll { it.operatorId == '" + operator + "' }", hasSize(1))
                .body("find { it.operatorId == '" + operator + "' }.pricePerDeviceHour", equalTo(20.0f));
        given().queryParam("all", true).get("/internal/v1/price-books").then().statusCode(200)
                .body("findAll { it.operatorId == '" + operator + "' }", hasSize(3));
        given().queryParam("operatorId", operator).get("/internal/v1/price-books/changes").then().statusCode(200)
                .body("", hasSize(3))
                .body("[1].changedBy", equalTo("operator1"))
                .body("[1].oldPrice", equalTo(20.0f))
                .body("[1].newPrice", equalTo(24.0f))
                .body("[1].validFrom", equalTo(later.toString()))
                .body("[2].oldPrice", nullValue());
    }

    @Test
    void refusesAPriceThatWouldRewriteThePastOrRepeatsAKeyAndStart() {
        // given
        String operator = "op-" + UUID.randomUUID();
        Instant start = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> price = Map.of("operatorId", operator, "region", "cn-west-nm", "vendor", "NVIDIA",
                "deviceModel", "GeForce RTX 4090", "pricePerDeviceHour", 1.40, "validFrom", start.toString());

        // then
        post(Map.of("operatorId", operator, "region", "cn-west-nm", "vendor", "NVIDIA", "deviceModel",
                "GeForce RTX 4090", "pricePerDeviceHour", 1.40, "validFrom", "2026-01-01T00:00:00Z"), "operator1")
                .statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("keeps its price"));
        post(price, "operator1").statusCode(201);
        post(price, "operator1").statusCode(409).contentType("application/problem+json");
        post(Map.of("operatorId", operator, "region", "cn-west-nm", "vendor", "NVIDIA", "deviceModel",
                "GeForce RTX 4090", "pricePerDeviceHour", -1), "operator1").statusCode(400);
        post(price, " ").statusCode(400);
    }

    @Test
    void adminsSetAnOperatorsPlatformFeeAndEveryChangeIsKept() {
        // given
        String operator = "op-" + UUID.randomUUID();

        // when
        given().contentType(ContentType.JSON).body(Map.of("feePercent", 12.5, "changedBy", "admin1"))
                .put("/internal/v1/price-books/platform-fees/" + operator).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("feePercent", 10, "changedBy", "admin2"))
                .put("/internal/v1/price-books/platform-fees/" + operator).then().statusCode(200);

        // then
        given().get("/internal/v1/price-books/platform-fees/" + operator).then().statusCode(200)
                .body("feePercent", equalTo(10.0f)).body("updatedBy", equalTo("admin2"));
        given().get("/internal/v1/price-books/platform-fees/" + operator + "/changes").then().statusCode(200)
                .body("", hasSize(2)).body("[0].oldPercent", equalTo(12.5f)).body("[0].newPercent", equalTo(10.0f))
                .body("[1].oldPercent", nullValue());
        given().contentType(ContentType.JSON).body(Map.of("feePercent", 101, "changedBy", "admin1"))
                .put("/internal/v1/price-books/platform-fees/" + operator).then().statusCode(400);
        given().get("/internal/v1/price-books/platform-fees/op-unknown").then().statusCode(404);
    }
}
