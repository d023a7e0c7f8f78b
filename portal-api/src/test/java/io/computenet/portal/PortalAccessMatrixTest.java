package io.computenet.portal;

import io.computenet.devstack.testing.AccessMatrix;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.ServiceCalls;
import io.computenet.devstack.testing.Tokens;
import io.computenet.portal.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Role x endpoint over every operation of the public API, for every demo account of the realm (two researcher
 * tenants, two operator organisations, finance, an administrator) and for no token or a service's token: a caller
 * whose roles the operation does not admit gets 403, no token 401, an admitted one passes the security checks (the
 * scheduler and billing are away here, so what follows is 503 or the operation's own 4xx). Every operation of the
 * OpenAPI document must have a row. Which tenant's or organisation's data an admitted caller reaches is the
 * end-to-end {@code AccessMatrixEndToEndTest}'s part.
 */
@QuarkusTest
@QuarkusTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "svc-portal"))
class PortalAccessMatrixTest {

    private static final Set<String> RESEARCH = Set.of(Roles.RESEARCHER, Roles.ADMIN);
    private static final Set<String> OPERATORS = Set.of(Roles.OPERATOR);
    private static final String PUBLIC = "public";

    /** The roles each operation admits ({@code public}: no token needed). */
    private static final Map<String, Set<String>> ADMITS = Map.ofEntries(
            entry("GET /api/v1/offers", Set.of(Roles.RESEARCHER, Roles.OPERATOR, Roles.FINANCE, Roles.ADMIN)),
            entry("POST /api/v1/quotes", RESEARCH),
            entry("POST /api/v1/leases", RESEARCH),
            entry("GET /api/v1/leases", RESEARCH),
            entry("GET /api/v1/leases/{leaseId}", RESEARCH),
            entry("GET /api/v1/leases/{leaseId}/usage", RESEARCH),
            entry("GET /api/v1/leases/{leaseId}/usage/series", RESEARCH),
            entry("POST /api/v1/leases/{leaseId}/renew", RESEARCH),
            entry("POST /api/v1/leases/{leaseId}/release", RESEARCH),
            entry("GET /api/v1/limits", RESEARCH),
            entry("GET /api/v1/billing/exports", Set.of(Roles.FINANCE, Roles.ADMIN)),
            entry("GET /api/v1/balance", RESEARCH),
            entry("GET /api/v1/admin/tenants/{tenantId}/balance", Set.of(Roles.FINANCE, Roles.ADMIN)),
            entry("POST /api/v1/admin/tenants/{tenantId}/top-ups", Set.of(Roles.FINANCE, Roles.ADMIN)),
            entry("POST /api/v1/admin/tenants/{tenantId}/vouchers", Set.of(Roles.FINANCE, Roles.ADMIN)),
            entry("GET /api/v1/admin/tenants/{tenantId}/limits", Set.of(Roles.ADMIN)),
            entry("PUT /api/v1/admin/tenants/{tenantId}/budget", Set.of(Roles.ADMIN)),
            entry("PUT /api/v1/admin/tenants/{tenantId}/quotas", Set.of(Roles.ADMIN)),
            entry("POST /api/v1/operator/enrollment-tokens", OPERATORS),
            entry("GET /api/v1/operator/nodes", OPERATORS),
            entry("POST /api/v1/operator/nodes/{nodeId}/revoke", OPERATORS),
            entry("POST /api/v1/operator/nodes/{nodeId}/drain", OPERATORS),
            entry("DELETE /api/v1/operator/nodes/{nodeId}/drain", OPERATORS),
            entry("PUT /api/v1/operator/nodes/{nodeId}/topology", OPERATORS),
            entry("POST /api/v1/enrollments", Set.of(PUBLIC)),
            entry("GET /api/v1/usage", RESEARCH),
            entry("GET /api/v1/usage/daily", RESEARCH),
            entry("GET /api/v1/billing/payouts", Set.of(Roles.FINANCE, Roles.ADMIN)),
            entry("GET /api/v1/admin/dead-letters", Set.of(Roles.ADMIN)),
            entry("GET /api/v1/usage/endpoints", RESEARCH),
            entry("GET /api/v1/invoices", RESEARCH),
            entry("GET /api/v1/invoices/{number}", RESEARCH),
            entry("GET /api/v1/invoices/{number}/html", RESEARCH),
            entry("POST /api/v1/billing/invoice-runs", Set.of(Roles.FINANCE, Roles.ADMIN)),
            entry("GET /api/v1/payouts", OPERATORS),
            entry("GET /api/v1/operator/price-books", OPERATORS),
            entry("POST /api/v1/operator/price-books", OPERATORS),
            entry("GET /api/v1/admin/platform-fees/{operatorId}", Set.of(Roles.ADMIN)),
            entry("PUT /api/v1/admin/platform-fees/{operatorId}", Set.of(Roles.ADMIN)),
            entry("POST /api/v1/endpoints", RESEARCH),
            entry("GET /api/v1/endpoints", RESEARCH),
            entry("GET /api/v1/endpoints/{name}", RESEARCH),
            entry("DELETE /api/v1/endpoints/{name}", RESEARCH),
            entry("POST /api/v1/endpoints/{name}/keys", RESEARCH),
            entry("GET /api/v1/endpoints/{name}/keys", RESEARCH),
            entry("DELETE /api/v1/endpoints/{name}/keys/{keyId}", RESEARCH));

    /**
     * The inference gateway's paths (a Vert.x route, not in the OpenAPI document): authenticated by an endpoint's API
     * key only, so no Keycloak token of any account, nor none, passes them.
     */
    private static final List<String> GATEWAY = List.of("GET /inference/{endpointId}/v1/models",
            "POST /inference/{endpointId}/v1/chat/completions", "POST /inference/{endpointId}/v1/completions");

    /** Valid bodies, so an admitted call is refused by nothing but the absent upstream. */
    private static final Map<String, Object> BODIES = Map.ofEntries(
            entry("POST /api/v1/admin/tenants/{tenantId}/top-ups", Map.of("amount", 10)),
            entry("POST /api/v1/admin/tenants/{tenantId}/vouchers", Map.of("amount", 10, "expiresAt",
                    "2099-01-01T00:00:00Z")),
            entry("POST /api/v1/quotes", Map.of("memoryGiB", 8, "deviceCount", 1, "durationMinutes", 10)),
            entry("POST /api/v1/leases", Map.of("memoryGiB", 8, "deviceCount", 1, "durationMinutes", 10)),
            entry("POST /api/v1/leases/{leaseId}/renew", Map.of("minutes", 10)),
            entry("PUT /api/v1/admin/tenants/{tenantId}/budget", Map.of("monthlyGpuHours", 10)),
            entry("PUT /api/v1/admin/tenants/{tenantId}/quotas", List.of(Map.of("maxDevices", 1))),
            entry("POST /api/v1/operator/enrollment-tokens", Map.of("region", "cn-east-yrd", "cluster", "wuhu-1")),
            entry("POST /api/v1/operator/nodes/{nodeId}/drain", Map.of("deadline",
                    Instant.now().plusSeconds(3600).toString())),
            entry("POST /api/v1/enrollments", Map.of("token", "cnet_et_x", "devices", List.of())),
            entry("POST /api/v1/operator/price-books", Map.of("region", "cn-east-yrd", "vendor", "NVIDIA",
                    "deviceModel", "H100 80GB HBM3", "pricePerDeviceHour", 20)),
            entry("PUT /api/v1/admin/platform-fees/{operatorId}", Map.of("feePercent", 12.5)),
            entry("PUT /api/v1/operator/nodes/{nodeId}/topology", Map.of("topology", "rack-1")),
            entry("POST /api/v1/endpoints", Map.of("name", "matrix-1", "model", "Qwen/Qwen2.5-7B-Instruct",
                    "memoryGiB", 24)));

    /** The demo accounts and their realm roles (admin1 has every role but belongs to no organisation). */
    private static final Map<String, Set<String>> ACCOUNTS = Map.of(
            "researcher1", Set.of(Roles.RESEARCHER), "researcher2", Set.of(Roles.RESEARCHER),
            "operator1", Set.of(Roles.OPERATOR), "operator2", Set.of(Roles.OPERATOR),
            "finance1", Set.of(Roles.FINANCE),
            "admin1", Set.of(Roles.RESEARCHER, Roles.OPERATOR, Roles.FINANCE, Roles.ADMIN));

    private static Response call(RequestSpecification caller, String operation) {
        return AccessMatrix.call(caller.queryParam("period", "2026-11").queryParam("format", "csv"), operation,
                "matrix-1", BODIES.get(operation));
    }

    @Test
    void everyOperationHasARule() {
        assertThat(AccessMatrix.operations(RestAssured.given(), "/api/"))
                .as("operations of the public API; add a row to ADMITS for a new one")
                .containsExactlyInAnyOrderElementsOf(ADMITS.keySet());
    }

    @Test
    void eachAccountReachesExactlyTheOperationsItsRolesAdmit() {
        // given
        Map<String, String> tokens = new LinkedHashMap<>();
        ACCOUNTS.keySet().forEach(user -> tokens.put(user, Tokens.password(KeycloakResource.realmUrl(), user, user)));
        SoftAssertions cells = new SoftAssertions();

        for (String operation : ADMITS.keySet()) {
            Set<String> admits = ADMITS.get(operation);
            // when / then: without a token, and with a service's token (not issued for the portal)
            for (Map.Entry<String, RequestSpecification> anonymous : Map.of("no token", RestAssured.given(),
                    "the portal's service token", RestAssured.given().auth().oauth2(ServiceCalls.token(
                            "svc-portal"))).entrySet()) {
                Response r = call(anonymous.getValue(), operation);
                if (admits.contains(PUBLIC)) {
                    cells.assertThat(r.statusCode()).as(operation + " with " + anonymous.getKey()).isNotIn(401, 403);
                } else {
                    cells.assertThat(r.statusCode()).as(operation + " with " + anonymous.getKey()).isEqualTo(401);
                }
                cells.assertThat(r.contentType()).as(operation).startsWith("application/problem+json");
            }
            // and: each account
            for (Map.Entry<String, Set<String>> account : ACCOUNTS.entrySet()) {
                String user = account.getKey();
                boolean admitted = admits.contains(PUBLIC) || account.getValue().stream().anyMatch(admits::contains);
                // operator operations need an organisation too, which the administrator has not
                boolean needsOrganisation = admits == OPERATORS && user.equals("admin1");
                Response r = call(RestAssured.given().auth().oauth2(tokens.get(user)), operation);
                String label = operation + " as " + user;
                if (admitted && !needsOrganisation) {
                    cells.assertThat(r.statusCode()).as(label).isNotIn(401, 403);
                } else {
                    cells.assertThat(r.statusCode()).as(label).isEqualTo(403);
                    cells.assertThat(r.contentType()).as(label).startsWith("application/problem+json");
                }
            }
        }
        cells.assertAll();
    }

    @Test
    void noKeycloakTokenPassesTheInferenceGateway() {
        // given
        Map<String, RequestSpecification> callers = new LinkedHashMap<>();
        callers.put("no token", RestAssured.given());
        callers.put("the portal's service token", RestAssured.given().auth().oauth2(ServiceCalls.token("svc-portal")));
        ACCOUNTS.keySet().forEach(user -> callers.put(user, RestAssured.given().auth().oauth2(
                Tokens.password(KeycloakResource.realmUrl(), user, user))));
        SoftAssertions cells = new SoftAssertions();
        // when / then
        for (String operation : GATEWAY) {
            callers.forEach((caller, request) -> {
                Response r = AccessMatrix.call(request, operation, "ep-matrix1",
                        operation.startsWith("POST") ? Map.of("model", "m", "prompt", "Hi") : null);
                cells.assertThat(r.statusCode()).as(operation + " with " + caller).isEqualTo(401);
                cells.assertThat(r.jsonPath().getString("error.code")).as(operation).isEqualTo("invalid_api_key");
            });
        }
        cells.assertAll();
    }
}
