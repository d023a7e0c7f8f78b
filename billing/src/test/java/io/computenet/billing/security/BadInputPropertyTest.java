package io.computenet.billing.security;

import io.computenet.devstack.testing.AccessMatrix;
import io.computenet.devstack.testing.BadInput;
import io.computenet.devstack.testing.BadInput.Shape;
import io.computenet.devstack.testing.BadInputRun;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.RawRequests;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.devstack.testing.Refusals;
import io.computenet.devstack.testing.ServiceCalls;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input property over billing's internal API: every generated malformed body of its writes ({@link BadInput}:
 * unknown, misspelt, duplicate or missing keys, a float or string for an integer, a number for a string, NUL,
 * over-long strings, wrong enum words), every path parameter with a control character or far too long, and every
 * malformed {@code period} or {@code format}, is a 4xx problem+json naming the field, and what billing shows of its
 * state (the tenant's balance, the price books and their changes, the operator's platform fee) is the same afterwards.
 * Every operation with a body or a path parameter must have a row in {@link #BODIES} or {@link #PATHS}. The seed is in
 * every failure ({@code -Dcomputenet.bad-input.seed=N} replays a run).
 */
@QuarkusTest
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class BadInputPropertyTest {

    private static final long SEED = BadInput.seed();
    private static final int CASES_PER_OPERATION = 20;
    private static final String TENANT = "t-bad-input";
    private static final String OPERATOR = "op-bad-input";

    /** The bodies of billing's writes, valid, and their fields. */
    private static final Map<String, Shape> BODIES = Map.of(
            "POST /internal/v1/tenants/{tenantId}/top-ups", Shape.of("amount", 10, "currency", "CNY",
                    "reference", "wire-1", "recordedBy", "prop").required("amount", "recordedBy")
                    .strings("currency").maxLength("reference", 128).maxLength("recordedBy", 128),
            "POST /internal/v1/tenants/{tenantId}/vouchers", Shape.of("amount", 10, "currency", "CNY",
                    "expiresAt", "2099-01-01T00:00:00Z", "region", "cn-east-yrd", "vendor", "NVIDIA",
                    "reason", "contest", "issuedBy", "prop").required("amount", "expiresAt", "issuedBy")
                    .strings("currency").enums("vendor").maxLength("region", 64)
                    .maxLength("reason", 256).maxLength("issuedBy", 128),
            "POST /internal/v1/price-books", Shape.of("operatorId", OPERATOR, "region", "cn-east-yrd",
                    "vendor", "NVIDIA", "deviceModel", "H100 80GB HBM3", "term", "ON_DEMAND",
                    "pricePerDeviceHour", 20, "currency", "CNY").required("region", "vendor", "deviceModel",
                    "pricePerDeviceHour").strings("currency").enums("vendor", "term").maxLength("operatorId", 128)
                    .maxLength("region", 64).maxLength("deviceModel", 128),
            "PUT /internal/v1/price-books/platform-fees/{operatorId}", Shape.of("feePercent", 12.5,
                    "changedBy", "prop").required("feePercent", "changedBy").maxLength("changedBy", 128));

    /** Valid values of the path parameters. */
    private static final Map<String, String> PATHS = Map.of("tenantId", TENANT, "operatorId", OPERATOR,
            "leaseId", "ls-bad-input", "number", "CN-202611-t-bad-input-1");

    /** Query parameters that must be months, or an export format. */
    private static final Map<String, List<String>> MONTHS = Map.of(
            "GET /internal/v1/exports", List.of("period"), "GET /internal/v1/spend", List.of("period"),
            "GET /internal/v1/endpoint-usage", List.of("period"), "POST /internal/v1/invoices/runs",
            List.of("period"));
    private static final List<String> BAD_MONTHS = List.of("2026-13", "2026-1", "26-11", "2026-11-01", "2026/11",
            " 2026-11", "");

    private static RequestSpecification valid(RequestSpecification r) {
        return r.queryParam("tenantId", TENANT).queryParam("operatorId", OPERATOR).queryParam("changedBy", "prop")
                .queryParam("issuedBy", "prop");
    }

    @Test
    void everyWriteHasItsBodyDescribed() {
        assertThat(AccessMatrix.operations(RestAssured.given(), "/internal/").stream()
                .filter(op -> op.startsWith("POST") || op.startsWith("PUT") || op.startsWith("PATCH"))
                .filter(op -> !MONTHS.containsKey(op)))
                .as("billing's writes with a body; describe a new one in BODIES")
                .containsExactlyInAnyOrderElementsOf(BODIES.keySet());
    }

    @Test
    void everyMalformedBodyIsA4xxProblemNamingTheFieldAndChangesNothing() {
        // given
        Map<String, String> before = state();
        BadInputRun run = BadInputRun.of(SEED, PATHS);
        // when
        BODIES.forEach((operation, shape) -> run.bodies(operation, shape, CASES_PER_OPERATION,
                body -> valid(ServiceCalls.given()).contentType("application/json").body(body)
                        .request(BadInputRun.method(operation), run.path(operation))));
        // then
        run.assertAll();
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void everyPathParameterWithAControlCharacterOrFarTooLongIsA400NamingIt() {
        // given
        Map<String, String> before = state();
        BadInputRun run = BadInputRun.of(SEED, PATHS);
        // when
        for (String operation : AccessMatrix.operations(RestAssured.given(), "/internal/")) {
            run.pathParameters(operation, 4, path -> {
                RequestSpecification request = valid(ServiceCalls.given()).urlEncodingEnabled(false);
                if (BODIES.containsKey(operation)) {
                    request = request.contentType("application/json").body(BODIES.get(operation).validJson());
                }
                return request.request(BadInputRun.method(operation), path);
            });
        }
        // then
        run.assertAll();
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void everyMalformedPeriodOrFormatIsA400NamingIt() {
        // given
        Map<String, String> before = state();
        BadInputRun run = BadInputRun.of(SEED, PATHS);
        // when
        MONTHS.forEach((operation, names) -> {
            for (String name : names) {
                List<String> bad = new ArrayList<>(BAD_MONTHS);
                bad.addAll(BadInput.withControlCharacter("2026-11", SEED, 4));
                run.values(operation, name, bad, value -> valid(ServiceCalls.given()).urlEncodingEnabled(false)
                        .queryParam("format", "csv").queryParam(name, value.replace(" ", "%20"))
                        .request(BadInputRun.method(operation), run.path(operation)));
            }
        });
        run.values("GET /internal/v1/exports", "format", List.of("xls", "json", "CSV%20", "%0D%0A"),
                format -> valid(ServiceCalls.given()).urlEncodingEnabled(false).queryParam("period", "2026-11")
                        .queryParam("format", format).get("/internal/v1/exports"));
        // then
        run.assertAll();
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void anOversizedBodyOrUriIsAProblemToo() {
        // given
        Map<String, String> before = state();

        // when: a body declared far over the limit (10 MiB), and a URI over 8,192 characters
        RawRequests.Answer body = RawRequests.declaringBody(RestAssured.port, "POST",
                "/internal/v1/tenants/" + TENANT + "/top-ups", 20_000_000);
        Response uri = RestAssured.given().queryParam("period", "2".repeat(9_000)).get("/internal/v1/spend");

        // then
        assertThat(Refusals.whatIsWrongWithTooLarge(body)).isEmpty();
        assertThat(Refusals.whatIsWrongWithUriTooLong(uri)).isEmpty();
        assertThat(state()).isEqualTo(before);
    }

    /** What billing shows of the state the writes above would change. */
    private static Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("balance", ServiceCalls.given().get("/internal/v1/tenants/" + TENANT + "/balance").then()
                .statusCode(200).extract().asString());
        state.put("price books", ServiceCalls.given().queryParam("all", true).get("/internal/v1/price-books")
                .then().statusCode(200).extract().asString());
        state.put("price changes", ServiceCalls.given().get("/internal/v1/price-books/changes").then()
                .statusCode(200).extract().asString());
        state.put("platform fee", String.valueOf(ServiceCalls.given()
                .get("/internal/v1/price-books/platform-fees/" + OPERATOR).statusCode()));
        state.put("fee changes", ServiceCalls.given().get("/internal/v1/price-books/platform-fees/" + OPERATOR
                + "/changes").then().statusCode(200).extract().asString());
        return state;
    }
}
