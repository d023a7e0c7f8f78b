package io.computenet.scheduler.identity;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.TestInventory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class EnrollmentResourceTest {

    @Inject
    EntityManager em;

    private static String token(String region, String cluster) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("organisation", "op-enrol", "region", region, "cluster", cluster, "createdBy", "op-user"))
                .post("/internal/v1/enrollment-tokens")
                .then().statusCode(201).extract().path("tokens[0]");
    }

    private static ValidatableResponse exchange(String token, String nodeName) {
        Map<String, Object> body = new HashMap<>();
        body.put("token", token);
        body.put("nodeName", nodeName);
        body.put("hostname", nodeName);
        body.put("devices", TestInventory.devices(Vendor.CAMBRICON, "MLU370-X8", 23374, nodeName, 2));
        return given().contentType(ContentType.JSON).body(body).post("/internal/v1/enrollments").then();
    }

    @Test
    void aTokenIsExchangedOnceForANodeIdentityWithinItsScope() {
        // given
        String token = token("cn-west-nm", "horinger-1");
        assertThat(token).startsWith("cnet_et_");

        // when
        ValidatableResponse first = exchange(token, "enrol-node-1");
        ValidatableResponse second = exchange(token, "enrol-node-2");

        // then
        first.statusCode(201).body("nodeId", equalTo("enrol-node-1")).body("organisation", equalTo("op-enrol"))
                .body("region", equalTo("cn-west-nm")).body("cluster", equalTo("horinger-1"))
                .body("devices", equalTo(2)).body("credential.length()", org.hamcrest.Matchers.greaterThan(30));
        second.statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/enrollment-token-used"))
                .body("detail", containsString("enrol-node-1"));
        given().queryParam("organisation", "op-enrol").get("/internal/v1/nodes").then().statusCode(200)
                .body("find { it.nodeId == 'enrol-node-1' }.enrolledDevices", equalTo(2));
        given().queryParam("organisation", "someone-else").get("/internal/v1/nodes").then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void anUnknownOrExpiredTokenIsRefusedWithAClearProblem() {
        // given: a token that expired a minute ago
        String expired = "cnet_et_expired-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into enrollment_tokens (token_id,"
                        + " token_hash, organisation, region, cluster, created_by, created_at, expires_at)"
                        + " values (?1, ?2, 'op-enrol', 'cn-east-yrd', 'wuhu-1', 'op-user', ?3, ?4)")
                .setParameter(1, UUID.randomUUID().toString()).setParameter(2, Credentials.tokenHash(expired))
                .setParameter(3, Instant.now().minusSeconds(3600)).setParameter(4, Instant.now().minusSeconds(60))
                .executeUpdate());

        // when / then
        exchange(expired, "late-node").statusCode(410)
                .body("type", equalTo("https://computenet.io/problems/enrollment-token-expired"));
        exchange("cnet_et_never-issued", "stranger").statusCode(401)
                .body("type", equalTo("https://computenet.io/problems/enrollment-token-invalid"));
    }

    @Test
    void aTakenNodeNameIsRefusedAndTheTokenStaysUsable() {
        // given
        exchange(token("cn-east-yrd", "wuhu-1"), "taken-name").statusCode(201);
        String token = token("cn-east-yrd", "wuhu-1");

        // when
        ValidatableResponse clash = exchange(token, "taken-name");

        // then
        clash.statusCode(409).body("type", equalTo("https://computenet.io/problems/node-name-taken"));
        exchange(token, "free-name").statusCode(201).body("nodeId", equalTo("free-name"));
    }

    @Test
    void aRevokedNodeIdIsNeverTakenOverByAnotherOrganisationOrANewEnrolmentOfTheSameName() {
        // given: a node enrolled by op-enrol, then revoked
        exchange(token("cn-west-gz", "guian-1"), "retired").statusCode(201);
        given().queryParam("organisation", "op-enrol").queryParam("by", "op-user")
                .post("/internal/v1/nodes/retired/revoke").then().statusCode(200)
                .body("revokedAt", org.hamcrest.Matchers.notNullValue());
        String othersToken = given().contentType(ContentType.JSON)
                .body(Map.of("organisation", "op-rival", "region", "cn-west-gz", "cluster", "guian-1",
                        "createdBy", "rival-user"))
                .post("/internal/v1/enrollment-tokens").then().statusCode(201).extract().path("tokens[0]");
        String ownToken = token("cn-west-gz", "guian-1");

        // when: another organisation, and then its own organisation, enrol a node under the revoked id
        ValidatableResponse takeover = exchange(othersToken, "retired");
        ValidatableResponse reuse = exchange(ownToken, "retired");

        // then: both are refused, the id stays the revoked node's, and the tokens stay usable for another name
        takeover.statusCode(409).body("type", equalTo("https://computenet.io/problems/node-name-taken"))
                .body("detail", containsString("never reused"));
        reuse.statusCode(409).body("detail", containsString("never reused"));
        given().queryParam("organisation", "op-enrol").get("/internal/v1/nodes").then().statusCode(200)
                .body("find { it.nodeId == 'retired' }.revokedAt", org.hamcrest.Matchers.notNullValue());
        given().queryParam("organisation", "op-rival").get("/internal/v1/nodes").then().statusCode(200)
                .body("nodeId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("retired")));
        exchange(othersToken, "rival-node").statusCode(201).body("nodeId", equalTo("rival-node"))
                .body("organisation", equalTo("op-rival"));
        exchange(ownToken, "retired-successor").statusCode(201).body("organisation", equalTo("op-enrol"));
    }

    @Test
    void anOperatorCannotRevokeAnotherOrganisationsNode() {
        exchange(token("cn-east-yrd", "wuhu-1"), "not-yours").statusCode(201);

        given().queryParam("organisation", "op-other").queryParam("by", "intruder")
                .post("/internal/v1/nodes/not-yours/revoke").then().statusCode(404)
                .body("type", equalTo("https://computenet.io/problems/node-not-found"));
    }

    @Test
    void tokenRequestsOutsideTheLimitsAreRefused() {
        given().contentType(ContentType.JSON)
                .body(Map.of("organisation", "op-enrol", "region", "atlantis", "cluster", "c1", "createdBy", "u"))
                .post("/internal/v1/enrollment-tokens").then().statusCode(400)
                .body("detail", startsWith("unknown region atlantis"));
        given().contentType(ContentType.JSON)
                .body(Map.of("organisation", "op-enrol", "region", "cn-east-yrd", "cluster", "c1", "createdBy", "u",
                        "count", 5000))
                .post("/internal/v1/enrollment-tokens").then().statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("organisation", "Op Enrol!", "region", "cn-east-yrd", "cluster", "c1", "createdBy", "u"))
                .post("/internal/v1/enrollment-tokens").then().statusCode(400)
                .body("detail", containsString("organisation must be lower-case"));
    }

    @Test
    void concurrentExchangesOfOneTokenEnrolExactlyOneNode() throws Exception {
        // given
        String token = token("cn-east-yrd", "wuhu-1");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // when
            List<Callable<Integer>> calls = List.of(
                    () -> exchange(token, "race-1").extract().statusCode(),
                    () -> exchange(token, "race-2").extract().statusCode(),
                    () -> exchange(token, "race-3").extract().statusCode(),
                    () -> exchange(token, "race-4").extract().statusCode());
            List<Integer> statuses = pool.invokeAll(calls).stream().map(EnrollmentResourceTest::get).toList();

            // then
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Integer get(Future<Integer> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
