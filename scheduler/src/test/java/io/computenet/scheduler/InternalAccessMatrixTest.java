package io.computenet.scheduler;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.devstack.testing.AccessMatrix;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.ServiceCalls;
import io.computenet.devstack.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call each operation of the scheduler's internal API, cell by cell: no token, a user's token (issued for
 * the portal), another service's token (issued for billing) and the portal's service token. Every operation of the
 * OpenAPI document must have a row, so a new endpoint without a rule fails here. The refused calls carry requests
 * that would change state if admitted; afterwards nothing has changed.
 */
@QuarkusTest
class InternalAccessMatrixTest {

    private static final String TENANT = "t-access-matrix";

    /** The service roles each operation admits (from {@code @RolesAllowed}). */
    private static final Map<String, Set<String>> ADMITS = Map.ofEntries(
            entry("POST /internal/v1/leases", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/leases", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/leases/{leaseId}", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/leases/{leaseId}/renew", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/leases/{leaseId}/release", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/enrollment-tokens", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/enrollments", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/nodes", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/nodes/{nodeId}/revoke", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/nodes/{nodeId}/drain", Set.of(ServiceRoles.PORTAL)),
            entry("DELETE /internal/v1/nodes/{nodeId}/drain", Set.of(ServiceRoles.PORTAL)),
            entry("PUT /internal/v1/nodes/{nodeId}/topology", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/capacity", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/quotes", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/tenants/{tenantId}/limits", Set.of(ServiceRoles.PORTAL)),
            entry("PUT /internal/v1/tenants/{tenantId}/limits/budget", Set.of(ServiceRoles.PORTAL)),
            entry("PUT /internal/v1/tenants/{tenantId}/limits/quotas", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/endpoints", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/endpoints", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/endpoints/{name}", Set.of(ServiceRoles.PORTAL)),
            entry("DELETE /internal/v1/endpoints/{name}", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/endpoints/{name}/keys", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/endpoints/{name}/keys", Set.of(ServiceRoles.PORTAL)),
            entry("DELETE /internal/v1/endpoints/{name}/keys/{keyId}", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/endpoint-routes", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/endpoint-traffic", Set.of(ServiceRoles.PORTAL)));

    /** Requests that would change state if admitted. */
    private static final Map<String, Object> BODIES = Map.of(
            "POST /internal/v1/leases", Map.of("tenantId", TENANT, "memoryGiB", 8, "deviceCount", 1,
                    "durationMinutes", 10, "maxWaitMinutes", 60),
            "POST /internal/v1/enrollment-tokens", Map.of("organisation", "org-matrix", "region", "cn-east-yrd",
                    "cluster", "matrix-1", "createdBy", "matrix"),
            "PUT /internal/v1/tenants/{tenantId}/limits/budget", Map.of("monthlyGpuHours", 99),
            "POST /internal/v1/endpoints", Map.of("tenantId", TENANT, "name", "matrix-1", "model",
                    "Qwen/Qwen2.5-0.5B-Instruct", "memoryGiB", 8, "minReplicas", 0),
            "POST /internal/v1/endpoint-traffic", Map.of("reportId", "0b8a3c1e-6a57-4a51-9d7e-2f1e7b0c9a11",
                    "endpoints", List.of()));

    private static RequestSpecification withQuery(RequestSpecification r) {
        return r.queryParam("tenantId", TENANT).queryParam("organisation", "org-matrix").queryParam("by", "matrix");
    }

    @Test
    void everyOperationHasARule() {
        assertThat(AccessMatrix.operations(RestAssured.given(), "/internal/"))
                .as("operations of the internal API; add a row to ADMITS for a new one")
                .containsExactlyInAnyOrderElementsOf(ADMITS.keySet());
    }

    @Test
    void onlyThePortalsServiceTokenIsAdmittedAndARefusedCallChangesNothing() {
        // given: every kind of caller but the admitted one
        String user = Tokens.password(KeycloakResource.realmUrl(), "admin1", "admin1");
        String otherService = ServiceCalls.token(ServiceRoles.SCHEDULER);
        Map<String, Supplier<RequestSpecification>> refused = Map.of(
                "no token", RestAssured::given,
                "a user's token", () -> RestAssured.given().auth().oauth2(user),
                "a forged token", () -> RestAssured.given().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
                "another service's token", () -> RestAssured.given().auth().oauth2(otherService));

        // when / then
        SoftAssertions cells = new SoftAssertions();
        for (String operation : ADMITS.keySet()) {
            for (Map.Entry<String, Supplier<RequestSpecification>> caller : refused.entrySet()) {
                Response r = AccessMatrix.call(withQuery(caller.getValue().get()), operation, "matrix-1",
                        BODIES.get(operation));
                cells.assertThat(r.statusCode()).as(operation + " with " + caller.getKey()).isEqualTo(401);
                cells.assertThat(r.contentType()).as(operation + " with " + caller.getKey())
                        .startsWith("application/problem+json");
            }
        }
        cells.assertAll();
        // and: nothing was created or changed
        ServiceCalls.given().queryParam("tenantId", TENANT).get("/internal/v1/leases").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
        ServiceCalls.given().get("/internal/v1/tenants/" + TENANT + "/limits").then().statusCode(200)
                .body("monthlyGpuHours", org.hamcrest.Matchers.nullValue());
        ServiceCalls.given().queryParam("tenantId", TENANT).get("/internal/v1/endpoints").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));

        // and: the portal's token passes the security check on every operation (what follows is the operation's own
        // answer: 2xx, or 4xx for this made-up input, never 401/403)
        for (String operation : ADMITS.keySet()) {
            int status = AccessMatrix.call(withQuery(ServiceCalls.given()), operation, "matrix-1",
                    BODIES.get(operation)).statusCode();
            cells.assertThat(status).as(operation + " as the portal").isNotIn(401, 403).isLessThan(500);
        }
        cells.assertAll();
        ServiceCalls.given().queryParam("tenantId", TENANT).get("/internal/v1/leases").then().statusCode(200)
                .extract().jsonPath().getList("leaseId").forEach(id -> ServiceCalls.given()
                        .queryParam("tenantId", TENANT).post("/internal/v1/leases/" + id + "/release"));
        ServiceCalls.given().queryParam("tenantId", TENANT).get("/internal/v1/endpoints").then().statusCode(200)
                .extract().jsonPath().getList("name").forEach(name -> ServiceCalls.given()
                        .queryParam("tenantId", TENANT).delete("/internal/v1/endpoints/" + name));
    }

    @Test
    void anEndpointOperationThatNamesNoTenantIsRefused() {
        // when / then: every endpoint operation of a tenant is a 400 naming the tenant without one
        for (String operation : List.of("GET /internal/v1/endpoints", "GET /internal/v1/endpoints/{name}",
                "DELETE /internal/v1/endpoints/{name}", "POST /internal/v1/endpoints/{name}/keys",
                "GET /internal/v1/endpoints/{name}/keys", "DELETE /internal/v1/endpoints/{name}/keys/{keyId}")) {
            AccessMatrix.call(ServiceCalls.given(), operation, "any-endpoint", null).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.hasItem("tenantId"));
        }
    }

    @Test
    void aLeaseOperationThatNamesNoTenantIsRefused() {
        // when / then: listing, reading, renewing or releasing without a tenant is a 400 naming the tenant (the
        // owner check would otherwise be skipped)
        for (String operation : List.of("GET /internal/v1/leases", "GET /internal/v1/leases/{leaseId}",
                "POST /internal/v1/leases/{leaseId}/renew", "POST /internal/v1/leases/{leaseId}/release")) {
            AccessMatrix.call(ServiceCalls.given(), operation, "any-lease",
                    operation.endsWith("renew") ? Map.of("minutes", 10) : null).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.hasItem("tenantId"));
        }
    }
}
