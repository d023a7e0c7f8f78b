package io.computenet.portal;

import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The portal's authentication, authorisation and input checks against a real Keycloak. The internal services are
 * not running here (their URLs point at closed ports), which also shows how their absence is reported.
 */
@QuarkusTest
@QuarkusTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "svc-portal"))
class PortalSecurityTest {

    private static String token(String user) {
        return Tokens.password(KeycloakResource.realmUrl(), user, user);
    }

    private static final Map<String, Object> VALID = Map.of("memoryGiB", 40, "deviceCount", 1,
            "durationMinutes", 60);

    @Test
    void rejectsRequestsWithoutATokenAsProblem() {
        given().contentType(ContentType.JSON).body(VALID).post("/api/v1/leases")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("https://computenet.io/problems/unauthorized"));
    }

    @Test
    void rejectsAForgedToken() {
        given().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
                .contentType(ContentType.JSON).body(VALID).post("/api/v1/leases")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void forbidsFinanceFromRequestingLeases() {
        given().auth().oauth2(token("finance1")).contentType(ContentType.JSON).body(VALID).post("/api/v1/leases")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/forbidden"));
    }

    @Test
    void onlyAdministratorsSetLeasePriorities() {
        given().auth().oauth2(token("researcher1")).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 40, "deviceCount", 1, "durationMinutes", 60, "priority", 900))
                .post("/api/v1/leases")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/priority-not-allowed"));
    }

    @Test
    void enrolmentTokensAreForOperatorsOfAnOrganisation() {
        Map<String, Object> request = Map.of("region", "cn-east-yrd", "cluster", "wuhu-1");
        given().auth().oauth2(token("researcher1")).contentType(ContentType.JSON).body(request)
                .post("/api/v1/operator/enrollment-tokens").then().statusCode(403);
        given().auth().oauth2(token("operator1")).contentType(ContentType.JSON)
                .body(Map.of("region", "cn-east-yrd", "cluster", "Wuhu 1!"))
                .post("/api/v1/operator/enrollment-tokens").then().statusCode(400)
                .body("errors.field", hasItem("cluster"));
        // the exchange needs no bearer token; with the scheduler away it says so instead of 401
        given().contentType(ContentType.JSON).body(Map.of("token", "cnet_et_x", "devices", java.util.List.of(
                        Map.of("vendor", "NVIDIA", "model", "NVIDIA H100 80GB HBM3", "uuid", "GPU-1", "index", 0,
                                "memoryMiB", 81559))))
                .post("/api/v1/enrollments").then().statusCode(503).contentType("application/problem+json");
        // an exchange naming no device is refused by the portal itself, the field named
        given().contentType(ContentType.JSON).body(Map.of("token", "cnet_et_x", "devices", java.util.List.of()))
                .post("/api/v1/enrollments").then().statusCode(400).body("errors.field", hasItem("devices"));
    }

    @Test
    void drainingANodeIsForOperatorsOfAnOrganisation() {
        // researchers may neither drain nor undrain
        given().auth().oauth2(token("researcher1")).contentType(ContentType.JSON).body(Map.of("minutes", 30))
                .post("/api/v1/operator/nodes/gpu-node-1/drain").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(token("researcher1")).delete("/api/v1/operator/nodes/gpu-node-1/drain")
                .then().statusCode(403);
        // an operator's bad input is named before anything is forwarded
        String operator = token("operator1");
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("minutes", 0))
                .post("/api/v1/operator/nodes/gpu-node-1/drain").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("minutes"));
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("deadline", "next week"))
                .post("/api/v1/operator/nodes/gpu-node-1/drain").then().statusCode(400)
                .body("errors.field", hasItem("deadline"));
        // a valid drain is forwarded to the scheduler, which is away here
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("deadline", java.time.Instant.now().plusSeconds(3600).toString()))
                .post("/api/v1/operator/nodes/gpu-node-1/drain").then().statusCode(503)
                .contentType("application/problem+json");
        given().auth().oauth2(operator).delete("/api/v1/operator/nodes/gpu-node-1/drain").then().statusCode(503);
    }

    @Test
    void namesTheBadFieldsOfAQuoteOrRenewalRequest() {
        String researcher = token("researcher1");
        given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 0, "deviceCount", 1, "durationMinutes", 60, "maxPricePerHour", -1))
                .post("/api/v1/quotes").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("memoryGiB")).body("errors.field", hasItem("maxPricePerHour"));
        given().auth().oauth2(token("finance1")).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 40, "deviceCount", 1, "durationMinutes", 60))
                .post("/api/v1/quotes").then().statusCode(403);
    }

    @Test
    void onlyAdministratorsSetTenantLimits() {
        given().auth().oauth2(token("researcher1")).contentType(ContentType.JSON)
                .body(Map.of("monthlyGpuHours", 100000)).put("/api/v1/admin/tenants/tenant-lab-alpha/budget")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(token("operator1")).get("/api/v1/limits").then().statusCode(403);
    }

    @Test
    void forbidsResearchersFromFinanceExports() {
        given().auth().oauth2(token("researcher1")).queryParam("period", "2026-11").get("/api/v1/billing/exports")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void reportsAnUnreachableBillingAs503ForExports() {
        given().auth().oauth2(token("finance1")).queryParam("period", "2026-11").queryParam("format", "focus")
                .get("/api/v1/billing/exports").then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/service-unavailable"));
    }

    @Test
    void namesTheBadFieldOfAMalformedLeaseRequest() {
        String researcher = token("researcher1");
        given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 40, "deviceCount", 0, "durationMinutes", 60))
                .post("/api/v1/leases")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("deviceCount"));
        given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body("{\"memoryGiB\":\"forty\",\"deviceCount\":1,\"durationMinutes\":60}")
                .post("/api/v1/leases")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("memoryGiB"));
        given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body("{\"memoryGiB\":40,")
                .post("/api/v1/leases")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void reportsAnUnreachableSchedulerAs503() {
        given().auth().oauth2(token("researcher1")).contentType(ContentType.JSON).body(VALID).post("/api/v1/leases")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/service-unavailable"));
    }
}
