package io.computenet.e2e;

import io.computenet.devstack.testing.Tokens;
import io.fabric8.kubernetes.api.model.Pod;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * One lease carried through the whole system: simulated node agents publish inventory over Kafka, the scheduler
 * stores it in PostgreSQL, a researcher authenticated by Keycloak requests a lease on the portal, the scheduler runs
 * its Pod in the region's cluster, billing meters it from the lease events, and finance exports the charge.
 */
@ExtendWith(StackExtension.class)
class LeaseEndToEndTest {

    private static String researcher;
    private static String finance;

    @BeforeAll
    static void tokens() {
        String realm = StackExtension.stack().options().realmUrl();
        researcher = Tokens.password(realm, "researcher1", "researcher1");
        finance = Tokens.password(realm, "finance1", "finance1");
    }

    @Test
    void carriesALeaseFromRequestToFinanceExport() {
        // given: the fleet's inventory has reached the scheduler, and east offers are priced
        await().atMost(Duration.ofSeconds(90)).until(() -> given().auth().oauth2(researcher).get("/api/v1/offers")
                .then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.region == 'cn-east-yrd' && it.freeDevices > 0 && it.deviceMemoryGiB >= 40 }")
                .size() > 0);

        // when: a researcher asks for "40 GB that runs vLLM, in the east, under 8 CNY/h", vendor-neutral
        JsonPath requested = given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 40, "deviceCount", 1, "region", "cn-east-yrd", "durationMinutes", 60,
                        "workloadClass", "INFERENCE", "image", "vllm/vllm-openai:v0.6.3", "framework", "vLLM",
                        "maxPricePerHour", 8))
                .post("/api/v1/leases")
                .then().statusCode(201).extract().jsonPath();
        String leaseId = requested.getString("leaseId");
        String model = requested.getString("deviceModel");
        BigDecimal share = new BigDecimal(requested.getString("share"));
        assertThat(requested.getString("region")).isEqualTo("cn-east-yrd");
        assertThat(requested.getString("framework")).isEqualTo("vLLM");
        // the planner prefers the slice that wastes least (a share of exactly 40 GiB) over a whole device
        assertThat(requested.getString("slice.kind")).isNotNull();
        assertThat(share).isLessThan(BigDecimal.ONE);
        BigDecimal offered = new BigDecimal(given().auth().oauth2(researcher).get("/api/v1/offers").then()
                .extract().jsonPath().getString("find { it.region == 'cn-east-yrd' && it.model == '" + model
                        + "' }.pricePerDeviceHour"));
        assertThat(offered.multiply(share)).isLessThanOrEqualTo(new BigDecimal("8"));

        // then: its Pod runs in the east cluster asking for the slice by its resource names
        await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(lease(leaseId).getString("state")));
        Pod pod = StackExtension.stack().cluster("cn-east-yrd").client().pods().inNamespace("computenet-leases")
                .withName("lease-" + leaseId).get();
        assertThat(pod).isNotNull();
        assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits().keySet())
                .contains(requested.getString("slice.resource"));

        // and the node agent reports its devices' usage for the lease (heartbeats every 2 s in the tests)
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(researcher)
                .get("/api/v1/leases/" + leaseId + "/usage").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.utilizationPct > 0 && it.memoryUsedMiB > 0 }").size() >= 1);

        // when: it runs a little, then is released
        await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        JsonPath released = given().auth().oauth2(researcher).post("/api/v1/leases/" + leaseId + "/release")
                .then().statusCode(200).body("state", equalTo("RELEASED")).extract().jsonPath();
        Instant startedAt = Instant.parse(released.getString("startedAt"));
        Instant endedAt = Instant.parse(released.getString("endedAt"));
        long seconds = Duration.between(startedAt, endedAt).getSeconds()
                + (Duration.between(startedAt, endedAt).getNano() > 0 ? 1 : 0);
        assertThat(seconds).isGreaterThanOrEqualTo(2);

        // then: finance's export carries the line: seconds x unit price, in CNY
        BigDecimal price = new BigDecimal(given().auth().oauth2(researcher).get("/api/v1/offers").then()
                .extract().jsonPath().getString("find { it.region == 'cn-east-yrd' && it.model == '" + model
                        + "' }.pricePerDeviceHour"));
        String period = YearMonth.from(startedAt.atZone(ZoneOffset.UTC)).toString();
        String header = given().auth().oauth2(finance).queryParam("period", period).queryParam("format", "csv")
                .get("/api/v1/billing/exports").then().statusCode(200).extract().asString().lines().findFirst()
                .orElseThrow();
        List<String> h = List.of(header.split(","));
        // a running lease's row is there already (billing accrues it); the end closes it at the exact seconds
        String row = await().atMost(Duration.ofSeconds(60)).until(() -> exportRow(period, leaseId),
                r -> r != null && r.split(",", -1)[h.indexOf("seconds")].equals(Long.toString(seconds)));
        List<String> f = List.of(row.split(",", -1));
        assertThat(f.get(h.indexOf("tenant_id"))).isEqualTo("tenant-lab-alpha");
        assertThat(f.get(h.indexOf("device_model"))).isEqualTo(model);
        assertThat(f.get(h.indexOf("region"))).isEqualTo("cn-east-yrd");
        assertThat(Long.parseLong(f.get(h.indexOf("seconds")))).isEqualTo(seconds);
        assertThat(new BigDecimal(f.get(h.indexOf("unit_price_per_device_hour")))).isEqualByComparingTo(price);
        assertThat(f.get(h.indexOf("currency"))).isEqualTo("CNY");
        assertThat(new BigDecimal(f.get(h.indexOf("device_share")))).isEqualByComparingTo(share);
        assertThat(f.get(h.indexOf("slice"))).startsWith(requested.getString("slice.kind"));
        BigDecimal expected = price.multiply(BigDecimal.valueOf(seconds)).multiply(share)
                .divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP);
        assertThat(new BigDecimal(f.get(h.indexOf("amount")))).isEqualByComparingTo(expected);

        // and the Pod is gone
        await().atMost(Duration.ofSeconds(20)).until(() -> StackExtension.stack().cluster("cn-east-yrd").client()
                .pods().inNamespace("computenet-leases").withName("lease-" + leaseId).get() == null);
    }

    @Test
    void answersProblemsForMissingTokensWrongRolesAndBadBodies() {
        given().contentType(ContentType.JSON).body(Map.of("memoryGiB", 8, "deviceCount", 1, "durationMinutes", 5))
                .post("/api/v1/leases").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(finance).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 8, "deviceCount", 1, "durationMinutes", 5))
                .post("/api/v1/leases").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(researcher).queryParam("period", "2026-11").get("/api/v1/billing/exports")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 8, "deviceCount", 1))
                .post("/api/v1/leases").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("durationMinutes"));
        given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 8, "deviceCount", 1, "durationMinutes", 5, "vendor", "INTEL"))
                .post("/api/v1/leases").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("vendor"));
    }

    @Test
    void explainsWhyNothingFits() {
        given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 500, "deviceCount", 1, "durationMinutes", 5))
                .post("/api/v1/leases").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/insufficient-capacity"))
                .body("reasons[0]", containsString(">= 500 GiB"));
    }

    @Test
    void hidesOneTenantsLeasesFromAnother() {
        // given
        String leaseId = given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 16, "deviceCount", 1, "durationMinutes", 5, "workloadClass", "BATCH"))
                .post("/api/v1/leases").then().statusCode(201).extract().path("leaseId");
        String admin = Tokens.password(StackExtension.stack().options().realmUrl(), "admin1", "admin1");

        // then: admin1 acts for tenant 'platform' and does not see researcher1's lease
        given().auth().oauth2(admin).get("/api/v1/leases/" + leaseId).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(researcher).post("/api/v1/leases/" + leaseId + "/release").then().statusCode(200);
    }

    private static JsonPath lease(String leaseId) {
        return given().auth().oauth2(researcher).get("/api/v1/leases/" + leaseId).then().statusCode(200)
                .extract().jsonPath();
    }

    private static String exportRow(String period, String leaseId) {
        return given().auth().oauth2(finance).queryParam("period", period).queryParam("format", "csv")
                .get("/api/v1/billing/exports").then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString().lines().filter(l -> l.contains(leaseId)).findFirst().orElse(null);
    }
}
