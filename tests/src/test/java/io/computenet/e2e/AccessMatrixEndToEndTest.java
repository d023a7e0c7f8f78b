package io.computenet.e2e;

import io.computenet.devstack.ServiceClients;
import io.computenet.devstack.testing.AccessMatrix;
import io.computenet.devstack.testing.Tokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * The tenant and organisation dimension of the access matrix, on the running system with the real Keycloak: what
 * one researcher tenant creates the other cannot read, renew, release or chart, an operator organisation cannot
 * touch another's nodes, and the internal APIs of the scheduler and billing refuse every caller but the services
 * admitted (no token, a user's token, another service's token). Each cell asserts its status.
 */
@ExtendWith(StackExtension.class)
class AccessMatrixEndToEndTest {

    private static Map<String, String> tokens;

    @BeforeAll
    static void tokens() {
        String realm = StackExtension.stack().options().realmUrl();
        tokens = Map.of("researcher1", Tokens.password(realm, "researcher1", "researcher1"),
                "researcher2", Tokens.password(realm, "researcher2", "researcher2"),
                "operator1", Tokens.password(realm, "operator1", "operator1"),
                "operator2", Tokens.password(realm, "operator2", "operator2"),
                "admin1", Tokens.password(realm, "admin1", "admin1"));
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(tokens.get(user));
    }

    @Test
    void aResearcherTenantReachesOnlyItsOwnLeases() {
        // given: a lease of researcher1's tenant
        String leaseId = as("researcher1").contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 8, "deviceCount", 1, "durationMinutes", 10, "maxWaitMinutes", 60))
                .post("/api/v1/leases").then().statusCode(201).extract().path("leaseId");
        try {
            SoftAssertions cells = new SoftAssertions();
            // when / then: each lease operation, by each researcher tenant and by the administrator's tenant
            Map<String, Integer> expected = Map.of("researcher1", 200, "researcher2", 404, "admin1", 404);
            for (String operation : List.of("GET /api/v1/leases/{leaseId}", "GET /api/v1/leases/{leaseId}/usage",
                    "POST /api/v1/leases/{leaseId}/renew")) {
                for (Map.Entry<String, Integer> cell : expected.entrySet()) {
                    if (operation.endsWith("renew") && cell.getValue() == 200) {
                        continue; // the owner's renewal is LeaseEndToEndTest's; here only the refusals
                    }
                    int status = AccessMatrix.call(as(cell.getKey()), operation, leaseId,
                            operation.endsWith("renew") ? Map.of("minutes", 5) : null).statusCode();
                    cells.assertThat(status).as(operation + " as " + cell.getKey()).isEqualTo(cell.getValue());
                }
            }
            cells.assertThat(as("researcher2").get("/api/v1/leases").then().statusCode(200).extract().jsonPath()
                    .getList("leaseId")).as("researcher2's list").doesNotContain(leaseId);
            cells.assertThat(as("researcher1").get("/api/v1/leases").then().statusCode(200).extract().jsonPath()
                    .getList("leaseId")).as("researcher1's list").contains(leaseId);
            cells.assertThat(as("researcher2").post("/api/v1/leases/" + leaseId + "/release").statusCode())
                    .as("release as researcher2").isEqualTo(404);
            cells.assertAll();
            // and: the other tenants' attempts changed nothing
            as("researcher1").get("/api/v1/leases/" + leaseId).then().statusCode(200)
                    .body("durationMinutes", org.hamcrest.Matchers.equalTo(10))
                    .body("endedAt", org.hamcrest.Matchers.nullValue());
        } finally {
            as("researcher1").post("/api/v1/leases/" + leaseId + "/release").then().statusCode(200);
        }
    }

    @Test
    void anOperatorOrganisationReachesOnlyItsOwnNodes() {
        // given: a node in service of the fleet enrolled by operator1's organisation (other tests on this stack
        // revoke nodes of their own)
        await().atMost(Duration.ofSeconds(90)).until(() -> as("operator1").get("/api/v1/operator/nodes").then()
                .statusCode(200).extract().jsonPath().getString("find { it.revokedAt == null }.nodeId") != null);
        String nodeId = as("operator1").get("/api/v1/operator/nodes").then().extract().jsonPath()
                .getString("find { it.revokedAt == null }.nodeId");

        // when / then: the other organisation sees none of them and cannot drain, undrain or revoke one
        SoftAssertions cells = new SoftAssertions();
        cells.assertThat(as("operator2").get("/api/v1/operator/nodes").then().statusCode(200).extract().jsonPath()
                .getList("nodeId")).as("operator2's nodes").isEmpty();
        cells.assertThat(as("operator2").contentType(ContentType.JSON).body(Map.of("minutes", 30))
                .post("/api/v1/operator/nodes/" + nodeId + "/drain").statusCode()).as("drain as operator2")
                .isEqualTo(404);
        cells.assertThat(as("operator2").delete("/api/v1/operator/nodes/" + nodeId + "/drain").statusCode())
                .as("undrain as operator2").isEqualTo(404);
        cells.assertThat(as("operator2").post("/api/v1/operator/nodes/" + nodeId + "/revoke").statusCode())
                .as("revoke as operator2").isEqualTo(404);
        cells.assertThat(as("admin1").get("/api/v1/operator/nodes").statusCode())
                .as("nodes as an administrator without organisation").isEqualTo(403);
        cells.assertAll();
        // and: the node is still in service for its own organisation
        as("operator1").get("/api/v1/operator/nodes").then().statusCode(200)
                .body("find { it.nodeId == '" + nodeId + "' }.revokedAt", org.hamcrest.Matchers.nullValue())
                .body("find { it.nodeId == '" + nodeId + "' }.drain", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void theInternalApisAdmitOnlyTheirServices() {
        // given
        String scheduler = "http://127.0.0.1:" + StackExtension.stack().options().schedulerPort();
        String billing = "http://127.0.0.1:" + StackExtension.stack().options().billingPort();
        Map<String, Supplier<RequestSpecification>> callers = Map.of(
                "no token", RestAssured::given,
                "a user's token", () -> as("admin1"),
                "the scheduler's token", () -> StackExtension.asService(ServiceClients.SCHEDULER),
                "the portal's token", () -> StackExtension.asService(ServiceClients.PORTAL));
        // expected status per operation and caller
        Map<String, Map<String, Integer>> cells = Map.of(
                scheduler + " GET /internal/v1/leases?tenantId=tenant-lab-alpha",
                Map.of("no token", 401, "a user's token", 401, "the scheduler's token", 401,
                        "the portal's token", 200),
                scheduler + " GET /internal/v1/nodes?organisation=op-demo",
                Map.of("no token", 401, "a user's token", 401, "the scheduler's token", 401,
                        "the portal's token", 200),
                billing + " GET /internal/v1/exports?period=2026-11&format=csv",
                Map.of("no token", 401, "a user's token", 401, "the scheduler's token", 403,
                        "the portal's token", 200),
                // prices reach the scheduler on the price-book topic: only the portal reads billing's price books
                billing + " GET /internal/v1/price-books",
                Map.of("no token", 401, "a user's token", 401, "the scheduler's token", 403,
                        "the portal's token", 200));

        // when / then
        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<String, Map<String, Integer>> row : cells.entrySet()) {
            String[] parts = row.getKey().split(" ", 3);
            for (Map.Entry<String, Integer> cell : row.getValue().entrySet()) {
                int status = callers.get(cell.getKey()).get().baseUri(parts[0]).urlEncodingEnabled(false)
                        .request(parts[1], parts[2]).statusCode();
                soft.assertThat(status).as(row.getKey() + " with " + cell.getKey()).isEqualTo(cell.getValue());
            }
        }
        soft.assertAll();
    }
}
