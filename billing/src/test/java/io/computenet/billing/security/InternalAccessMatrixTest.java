package io.computenet.billing.security;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.devstack.testing.AccessMatrix;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.devstack.testing.ServiceCalls;
import io.computenet.devstack.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call each operation of billing's internal API, cell by cell: no token, a forged one and a user's token are
 * refused with 401; a service token is admitted only where its role is listed (the scheduler reads price books, and
 * nothing else); every operation of the OpenAPI document must have a row.
 */
@QuarkusTest
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class InternalAccessMatrixTest {

    private static final Map<String, Set<String>> ADMITS = Map.ofEntries(
            entry("GET /internal/v1/exports", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/usage/{leaseId}", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/charges/{leaseId}", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/charges", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/tenants/{tenantId}/top-ups", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/tenants/{tenantId}/vouchers", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/tenants/{tenantId}/balance", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/price-books", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/price-books", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/price-books/changes", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/price-books/platform-fees/{operatorId}", Set.of(ServiceRoles.PORTAL)),
            entry("PUT /internal/v1/price-books/platform-fees/{operatorId}", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/price-books/platform-fees/{operatorId}/changes", Set.of(ServiceRoles.PORTAL)),
            entry("POST /internal/v1/invoices/runs", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/invoices", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/invoices/{number}", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/invoices/{number}/html", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/payouts", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/spend", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/spend/daily", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/payouts/all", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/node-utilisation", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/dead-letters", Set.of(ServiceRoles.PORTAL)),
            entry("GET /internal/v1/endpoint-usage", Set.of(ServiceRoles.PORTAL)));

    private static RequestSpecification withQuery(RequestSpecification r) {
        return r.queryParam("period", "2026-11").queryParam("format", "csv");
    }

    @Test
    void everyOperationHasARule() {
        assertThat(AccessMatrix.operations(RestAssured.given(), "/internal/"))
                .as("operations of the internal API; add a row to ADMITS for a new one")
                .containsExactlyInAnyOrderElementsOf(ADMITS.keySet());
    }

    @Test
    void eachOperationAdmitsOnlyItsServicesTokens() {
        // given
        String user = Tokens.password(KeycloakResource.realmUrl(), "finance1", "finance1");
        SoftAssertions cells = new SoftAssertions();

        for (String operation : ADMITS.keySet()) {
            // when / then: no token, a forged one, a user's: 401
            for (RequestSpecification anonymous : new RequestSpecification[]{RestAssured.given(),
                    RestAssured.given().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
                    RestAssured.given().auth().oauth2(user)}) {
                Response r = AccessMatrix.call(withQuery(anonymous), operation, "ls-matrix", null);
                cells.assertThat(r.statusCode()).as(operation + " unauthenticated").isEqualTo(401);
                cells.assertThat(r.contentType()).as(operation).startsWith("application/problem+json");
            }
            // and: each service's token: admitted where listed, else 403
            for (String service : Set.of(ServiceRoles.PORTAL, ServiceRoles.SCHEDULER)) {
                Response r = AccessMatrix.call(withQuery(ServiceCalls.as(service)), operation, "ls-matrix", null);
                if (ADMITS.get(operation).contains(service)) {
                    cells.assertThat(r.statusCode()).as(operation + " as " + service).isNotIn(401, 403)
                            .isLessThan(500);
                } else {
                    cells.assertThat(r.statusCode()).as(operation + " as " + service).isEqualTo(403);
                    cells.assertThat(r.contentType()).as(operation).startsWith("application/problem+json");
                }
            }
        }
        cells.assertAll();
    }
}
