package io.computenet.scheduler.api;

import io.computenet.devstack.testing.BadInput;
import io.computenet.devstack.testing.BadInput.Shape;
import io.computenet.devstack.testing.BadInputRun;
import io.computenet.devstack.testing.Refusals;
import io.computenet.devstack.testing.ServiceCalls;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A property over every request body and path parameter of the internal API: whatever malformed input is generated
 * (an unknown or misspelt key, a float or a string where an integer belongs, a number where a string belongs, a key
 * given twice, a NUL in a string, a control character in a path or query parameter, a missing required key, an
 * over-long string, a word that is no enum value), the answer is a 4xx problem+json that names the field, and nothing
 * has changed afterwards. Cases come from our seeded generator {@link BadInput}
 * ({@code -Dcomputenet.bad-input.seed=N} replays a run; the seed is in every failure message).
 */
@QuarkusTest
class BadInputPropertyTest {

    private static final long SEED = BadInput.seed();
    private static final int CASES_PER_OPERATION = 20;
    private static final String TENANT = "t-bad-input";
    private static final String ORGANISATION = "org-bad-input";
    /** Image references outside the OCI reference grammar (upper case, empty or double tag, bad digest, ...). */
    private static final List<String> BAD_IMAGES = List.of("docker.io/Library/python:3.11", "python:",
            "python:3.11:slim", "python@sha256:abc", "my image", "-python", "python/", "python:" + "t".repeat(129));

    /** An operation and its valid body's shape. */
    private record Operation(String method, String path, Shape shape) {
    }

    private static final List<Operation> OPERATIONS = List.of(
            new Operation("POST", "/internal/v1/leases", Shape.of("tenantId", TENANT, "memoryGiB", 8,
                    "deviceCount", 1, "durationMinutes", 10, "maxWaitMinutes", 0, "region", "cn-east-yrd",
                    "workloadClass", "INFERENCE", "image", "docker.io/library/python:3.11-slim")
                    .integers("deviceCount", "durationMinutes", "maxWaitMinutes").strings("tenantId")
                    .maxLength("region", 64).maxLength("image", 512).enums("workloadClass")),
            new Operation("POST", "/internal/v1/quotes", Shape.of("tenantId", TENANT, "memoryGiB", 8, "deviceCount", 1,
                    "durationMinutes", 60, "region", "cn-east-yrd", "model", "A100")
                    .integers("deviceCount", "durationMinutes").strings("tenantId", "region")
                    .maxLength("model", 128)),
            new Operation("POST", "/internal/v1/leases/ls-none/renew", Shape.of("minutes", 10).integers("minutes")),
            new Operation("POST", "/internal/v1/enrollment-tokens", Shape.of("organisation", ORGANISATION,
                    "region", "cn-east-yrd", "cluster", "bad-1", "createdBy", "prop", "expiresInMinutes", 60,
                    "count", 1).integers("expiresInMinutes", "count")
                    .strings("organisation", "region", "cluster", "createdBy")),
            new Operation("POST", "/internal/v1/enrollments", Shape.of("token", "cnet_et_none", "nodeName", "n-1",
                    "hostname", "h-1", "devices", List.of()).strings("token", "nodeName", "hostname")),
            new Operation("POST", "/internal/v1/nodes/n-none/drain", Shape.of("minutes", 30).integers("minutes")),
            new Operation("PUT", "/internal/v1/tenants/" + TENANT + "/limits/budget",
                    Shape.of("monthlyGpuHours", 10).required("monthlyGpuHours")),
            new Operation("POST", "/internal/v1/endpoints", Shape.of("tenantId", TENANT, "name", "bad-input",
                    "model", "Qwen/Qwen2.5-0.5B-Instruct", "memoryGiB", 8, "minReplicas", 0, "maxReplicas", 2,
                    "region", "cn-east-yrd").integers("minReplicas", "maxReplicas")
                    .strings("tenantId", "model", "region").maxLength("name", 40)),
            new Operation("POST", "/internal/v1/endpoint-traffic", Shape.of("reportId",
                    "8c3f0a52-0d7e-4d39-9a9c-3b1f7a8e2d10", "endpoints", List.of(Map.of("endpointId",
                            "ep-none00000000", "inFlight", 1, "waiting", 0, "requests", 1, "promptTokens", 3,
                            "completionTokens", 4)))));

    @Test
    void everyMalformedBodyIsA4xxProblemNamingTheFieldAndChangesNothing() {
        // given
        BadInputRun run = BadInputRun.of(SEED, Map.of());

        // when: many generated bad bodies for every operation
        for (Operation op : OPERATIONS) {
            run.bodies(op.method() + " " + op.path(), op.shape(), CASES_PER_OPERATION,
                    body -> ServiceCalls.given().contentType("application/json").body(body)
                            .queryParam("organisation", ORGANISATION).queryParam("by", "prop")
                            .queryParam("tenantId", TENANT).request(op.method(), op.path()));
        }

        // then
        run.assertAll();
        assertNothingChanged();
    }

    @Test
    void aNulOrLineBreakAroundAnEnumWordIsA400NamingTheField() {
        for (String word : List.of("\\u0000INFERENCE", "INFERENCE\\u0000", "\\r\\nTRAINING")) {
            // when
            Response r = postLeaseWith("workloadClass", word);

            // then
            assertThat(r.statusCode()).as(word).isEqualTo(400);
            assertThat(r.contentType()).as(word).startsWith("application/problem+json");
            assertThat(r.jsonPath().getList("errors.field", String.class)).as(word).containsExactly("workloadClass");
        }
        assertNothingChanged();
    }

    @Test
    void anImageReferenceOutsideTheOciGrammarIsA400NamingImage() {
        for (String image : BAD_IMAGES) {
            // when
            Response r = postLeaseWith("image", image);

            // then
            assertThat(r.statusCode()).as(image).isEqualTo(400);
            assertThat(r.contentType()).as(image).startsWith("application/problem+json");
            assertThat(r.jsonPath().getList("errors.field", String.class)).as(image)
                    .anySatisfy(f -> assertThat(f).endsWith("image"));
        }
        assertNothingChanged();
    }

    @Test
    void everyPathOrQueryParameterWithAControlCharacterIsA400NamingIt() {
        // given
        SoftAssertions cases = new SoftAssertions();

        for (String bad : BadInput.withControlCharacter("ls-bad-input", SEED, CASES_PER_OPERATION)) {
            // when: in a path parameter
            Response inPath = ServiceCalls.given().urlEncodingEnabled(false).queryParam("tenantId", TENANT)
                    .get("/internal/v1/leases/" + bad);
            // and: in a query parameter
            Response inQuery = ServiceCalls.given().urlEncodingEnabled(false).queryParam("tenantId", bad)
                    .get("/internal/v1/leases");
            // then
            for (Map.Entry<String, Response> answer : Map.of("path", inPath, "tenantId", inQuery).entrySet()) {
                String label = "seed " + SEED + ": " + bad + " in " + answer.getKey();
                cases.assertThat(answer.getValue().statusCode()).as(label).isEqualTo(400);
                cases.assertThat(answer.getValue().contentType()).as(label).startsWith("application/problem+json");
                cases.assertThat(answer.getValue().jsonPath().getList("errors.field", String.class)).as(label)
                        .contains(answer.getKey());
            }
        }
        cases.assertAll();
        assertNothingChanged();
    }

    @Test
    void anOversizedBodyOrUriIsAProblemToo() {
        // when: a body over the limit (64 KiB in tests), and a URI over 8,192 characters
        Response body = ServiceCalls.given().contentType("application/json")
                .body("{\"tenantId\":\"" + "x".repeat(70_000) + "\"}").post("/internal/v1/leases");
        Response uri = ServiceCalls.given().queryParam("tenantId", "t".repeat(9_000)).get("/internal/v1/leases");

        // then
        assertThat(Refusals.whatIsWrongWithTooLarge(body)).isEmpty();
        assertThat(Refusals.whatIsWrongWithUriTooLong(uri)).isEmpty();
        assertNothingChanged();
    }

    /** A lease request, valid but for {@code field}, whose JSON text (escapes included) is {@code rawValue}. */
    private static Response postLeaseWith(String field, String rawValue) {
        return ServiceCalls.given().contentType("application/json")
                .body("{\"tenantId\":\"" + TENANT + "\",\"memoryGiB\":8,\"deviceCount\":1,\"durationMinutes\":10,\""
                        + field + "\":\"" + rawValue + "\"}")
                .post("/internal/v1/leases");
    }

    private static void assertNothingChanged() {
        ServiceCalls.given().queryParam("tenantId", TENANT).get("/internal/v1/leases").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
        ServiceCalls.given().get("/internal/v1/tenants/" + TENANT + "/limits").then().statusCode(200)
                .body("monthlyGpuHours", org.hamcrest.Matchers.nullValue())
                .body("quotas.size()", org.hamcrest.Matchers.equalTo(0));
        ServiceCalls.given().queryParam("organisation", ORGANISATION).get("/internal/v1/nodes").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
        ServiceCalls.given().queryParam("tenantId", TENANT).get("/internal/v1/endpoints").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
    }
}
