package io.computenet.portal.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.devstack.testing.AccessMatrix;
import io.computenet.devstack.testing.BadInput;
import io.computenet.devstack.testing.BadInput.Shape;
import io.computenet.devstack.testing.BadInputRun;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.RawRequests;
import io.computenet.devstack.testing.Refusals;
import io.computenet.devstack.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input property over every operation of the public API that takes a body, a path parameter or a query
 * parameter: each generated malformed input (see {@link BadInput}: unknown, misspelt, duplicate or missing keys, a
 * float or string for an integer, a number for a string, NUL, over-long strings, wrong enum words; control characters
 * and over-long values in path and query parameters; malformed periods and formats) is a 4xx problem+json naming the
 * field, refused by the portal itself: no call reaches the scheduler or billing ({@link RecordingUpstream} stands in
 * for both and records every call), so nothing behind the portal changes. Every such operation of the OpenAPI document
 * must have its inputs described in {@link #INPUTS}. The seed is printed in every failure
 * ({@code -Dcomputenet.bad-input.seed=N} replays a run).
 */
@QuarkusTest
@QuarkusTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "svc-portal"))
@QuarkusTestResource(value = RecordingUpstream.class, restrictToAnnotatedClass = true)
class PortalBadInputTest {

    private static final long SEED = BadInput.seed();
    private static final int CASES_PER_INPUT = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A query parameter: a valid value, known bad ones besides control characters, and a generator of more (from a
     * random source seeded with the run's seed).
     */
    private record Query(String valid, List<String> bad, java.util.function.Function<SplittableRandom, String> more) {

        /** {@code count} bad values: the known ones first, then drawn ones, never the valid value. */
        List<String> draw(long seed, int count) {
            SplittableRandom random = new SplittableRandom(seed);
            List<String> values = new java.util.ArrayList<>();
            for (int i = 0; values.size() < count; i++) {
                String value = i < bad.size() ? bad.get(i) : more.apply(random);
                if (!value.equals(valid)) {
                    values.add(value);
                }
            }
            return values;
        }
    }

    private static String letters(SplittableRandom random, char from, char to, int maxLength) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(maxLength); i < n; i++) {
            sb.append((char) (from + random.nextInt(to - from + 1)));
        }
        return sb.toString();
    }

    /** What an operation takes: a body (or none), valid path values by name, query parameters. */
    private record Input(Shape body, Map<String, Query> query) {
        static Input none() {
            return new Input(null, Map.of());
        }

        static Input body(Shape body) {
            return new Input(body, Map.of());
        }
    }

    private static final Query PERIOD = new Query("2026-11", List.of("2026-13", "2026-00", "2026-1", "26-11",
            "2026-11-01", "november", "2026/11", " 2026-11"), random -> letters(random, '0', '9', 12));
    private static final Query FORMAT = new Query("csv", List.of("xls", "CSV ", "json"),
            random -> "x" + letters(random, 'a', 'z', 8));

    private static final Shape LEASE = Shape.of("memoryGiB", 8, "deviceCount", 1, "durationMinutes", 10,
                    "maxWaitMinutes", 0, "region", "cn-east-yrd", "workloadClass", "INFERENCE",
                    "image", "docker.io/library/python:3.11-slim", "hostMemoryGiB", 64)
            .integers("deviceCount", "durationMinutes", "maxWaitMinutes").maxLength("region", 64)
            .maxLength("image", 512).enums("workloadClass");

    /** Every operation with input, and its inputs. */
    private static final Map<String, Input> INPUTS = Map.ofEntries(
            entry("POST /api/v1/quotes", Input.body(Shape.of("memoryGiB", 8, "deviceCount", 1,
                    "durationMinutes", 60, "region", "cn-east-yrd", "model", "A100", "workloadClass", "TRAINING",
                    "hostMemoryGiB", 64)
                    .integers("deviceCount", "durationMinutes").required("memoryGiB", "durationMinutes")
                    .maxLength("region", 64).maxLength("model", 128)
                    .enums("workloadClass"))),
            entry("POST /api/v1/leases", Input.body(LEASE)),
            entry("GET /api/v1/leases/{leaseId}", Input.none()),
            entry("GET /api/v1/leases/{leaseId}/usage", Input.none()),
            entry("GET /api/v1/leases/{leaseId}/usage/series", Input.none()),
            entry("POST /api/v1/leases/{leaseId}/renew", Input.body(Shape.of("minutes", 10).integers("minutes")
                    .required("minutes"))),
            entry("POST /api/v1/leases/{leaseId}/release", Input.none()),
            entry("GET /api/v1/billing/exports", new Input(null, Map.of("period", PERIOD, "format", FORMAT))),
            entry("GET /api/v1/admin/tenants/{tenantId}/balance", Input.none()),
            entry("POST /api/v1/admin/tenants/{tenantId}/top-ups", Input.body(Shape.of("amount", 10,
                    "currency", "CNY", "reference", "wire-1").required("amount").maxLength("reference", 128)
                    .strings("currency"))),
            entry("POST /api/v1/admin/tenants/{tenantId}/vouchers", Input.body(Shape.of("amount", 10,
                    "expiresAt", "2099-01-01T00:00:00Z", "region", "cn-east-yrd", "vendor", "NVIDIA",
                    "reason", "contest").required("amount", "expiresAt").strings("region")
                    .enums("vendor").maxLength("reason", 256))),
            entry("GET /api/v1/admin/tenants/{tenantId}/limits", Input.none()),
            entry("PUT /api/v1/admin/tenants/{tenantId}/budget", Input.body(Shape.of("monthlyGpuHours", 10)
                    .required("monthlyGpuHours"))),
            entry("PUT /api/v1/admin/tenants/{tenantId}/quotas", Input.body(Shape.of("region", "cn-east-yrd",
                    "vendor", "NVIDIA", "maxDevices", 1).integers("maxDevices").required("maxDevices")
                    .strings("region").enums("vendor").asArray())),
            entry("POST /api/v1/operator/enrollment-tokens", Input.body(Shape.of("region", "cn-east-yrd",
                    "cluster", "wuhu-1", "expiresInMinutes", 60, "count", 1).integers("expiresInMinutes", "count")
                    .required("region", "cluster").maxLength("region", 64).maxLength("cluster", 64))),
            entry("POST /api/v1/operator/nodes/{nodeId}/revoke", Input.none()),
            entry("POST /api/v1/operator/nodes/{nodeId}/drain", Input.body(Shape.of("minutes", 30)
                    .integers("minutes"))),
            entry("DELETE /api/v1/operator/nodes/{nodeId}/drain", Input.none()),
            entry("PUT /api/v1/operator/nodes/{nodeId}/topology", Input.body(Shape.of("topology", "rack-1")
                    .maxLength("topology", 128))),
            entry("POST /api/v1/enrollments", Input.body(Shape.of("token", "cnet_et_x", "nodeName", "n-1",
                    "hostname", "h-1", "devices", List.of(Map.of("vendor", "NVIDIA", "model", "NVIDIA H100 80GB HBM3",
                            "uuid", "GPU-1", "index", 0, "memoryMiB", 81559))).required("token", "devices")
                    .strings("token", "nodeName", "hostname"))),
            entry("GET /api/v1/usage", new Input(null, Map.of("period", PERIOD))),
            entry("GET /api/v1/usage/endpoints", new Input(null, Map.of("period", PERIOD))),
            entry("GET /api/v1/invoices/{number}", Input.none()),
            entry("GET /api/v1/invoices/{number}/html", Input.none()),
            entry("POST /api/v1/billing/invoice-runs", new Input(null, Map.of("period", PERIOD))),
            entry("GET /api/v1/payouts", new Input(null, Map.of("period", PERIOD))),
            entry("GET /api/v1/billing/payouts", new Input(null, Map.of("period", PERIOD))),
            entry("GET /api/v1/usage/daily", new Input(null, Map.of("period", PERIOD))),
            entry("GET /api/v1/admin/dead-letters", new Input(null, Map.of("limit", new Query("10",
                    List.of("0", "1001", "-1", "1.5", "ten", "01"), random -> "x" + letters(random, '0', '9', 6))))),
            entry("POST /api/v1/operator/price-books", Input.body(Shape.of("region", "cn-east-yrd",
                    "vendor", "NVIDIA", "deviceModel", "H100 80GB HBM3", "pricePerDeviceHour", 20,
                    "term", "ON_DEMAND", "currency", "CNY").required("region", "vendor", "deviceModel",
                    "pricePerDeviceHour").maxLength("region", 64).maxLength("deviceModel", 128)
                    .enums("vendor", "term"))),
            entry("GET /api/v1/admin/platform-fees/{operatorId}", Input.none()),
            entry("PUT /api/v1/admin/platform-fees/{operatorId}", Input.body(Shape.of("feePercent", 12.5)
                    .required("feePercent"))),
            entry("POST /api/v1/endpoints", Input.body(Shape.of("name", "bad-input", "model",
                    "Qwen/Qwen2.5-7B-Instruct", "memoryGiB", 24, "minReplicas", 0, "maxReplicas", 2,
                    "region", "cn-east-yrd").integers("minReplicas", "maxReplicas").required("name", "model",
                    "memoryGiB").maxLength("name", 40).maxLength("model", 200).maxLength("region", 64))),
            entry("GET /api/v1/endpoints/{name}", Input.none()),
            entry("DELETE /api/v1/endpoints/{name}", Input.none()),
            entry("POST /api/v1/endpoints/{name}/keys", Input.none()),
            entry("GET /api/v1/endpoints/{name}/keys", Input.none()),
            entry("DELETE /api/v1/endpoints/{name}/keys/{keyId}", Input.none()));

    /** Valid values of path parameters. */
    private static final Map<String, String> PATH_VALUES = Map.of("leaseId", "ls-0001", "tenantId",
            "tenant-lab-alpha", "nodeId", "op-demo.node-1", "number", "CN-202611-tenant-lab-alpha-1",
            "operatorId", "op-demo", "name", "bad-input", "keyId", "key-1");

    private static final Map<String, String> TOKENS = new LinkedHashMap<>();

    @BeforeAll
    static void signIn() {
        for (String user : List.of("admin1", "operator1")) {
            TOKENS.put(user, Tokens.password(KeycloakResource.realmUrl(), user, user));
        }
    }

    @Test
    void everyOperationWithABodyOrParametersHasItsInputsDescribed() {
        assertThat(operationsWithInput())
                .as("operations of the public API with a body or parameters; describe a new one in INPUTS")
                .containsExactlyInAnyOrderElementsOf(INPUTS.keySet());
    }

    @Test
    void everyMalformedBodyIsA4xxProblemNamingTheFieldAndReachesNothingBehindThePortal() {
        BadInputRun run = run();
        INPUTS.forEach((operation, input) -> {
            if (input.body() != null) {
                run.bodies(operation, input.body(), CASES_PER_INPUT,
                        body -> call(operation, run.path(operation), input, Map.of(), body));
            }
        });
        run.assertAll();
    }

    @Test
    void everyPathParameterWithAControlCharacterOrOverLongIsA400NamingIt() {
        BadInputRun run = run();
        INPUTS.forEach((operation, input) -> run.pathParameters(operation, CASES_PER_INPUT / 2,
                path -> call(operation, path, input, Map.of(), validBody(input))));
        run.assertAll();
    }

    @Test
    void everyQueryParameterWithAControlCharacterOrAMalformedValueIsA400NamingIt() {
        BadInputRun run = run();
        INPUTS.forEach((operation, input) -> input.query().forEach((name, query) -> {
            List<String> bad = new java.util.ArrayList<>(BadInput.withControlCharacter(query.valid(), SEED,
                    CASES_PER_INPUT / 2));
            query.draw(SEED, CASES_PER_INPUT / 2).stream()
                    .map(v -> java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)).forEach(bad::add);
            run.values(operation, name, bad,
                    value -> call(operation, run.path(operation), input, Map.of(name, value), null));
        }));
        run.assertAll();
    }

    @Test
    void anImageReferenceOutsideTheOciGrammarIsA400NamingImageAndReachesNothing() throws Exception {
        BadInputRun run = run();
        for (String image : List.of("docker.io/Library/python:3.11", "python:", "python:3.11:slim",
                "python@sha256:abc", "my image", "-python", "python/")) {
            // given
            Map<String, Object> lease = new LinkedHashMap<>(LEASE.valid());
            lease.put("image", image);

            // when
            Response r = call("POST /api/v1/leases", "/api/v1/leases", Input.body(LEASE), Map.of(),
                    JSON.writeValueAsString(lease));

            // then
            run.refused("image " + image, r, "image");
        }
        run.assertAll();
    }

    @Test
    void aHostMemoryOutOfItsBoundsIsA400NamingHostMemoryGiBAndReachesNothing() throws Exception {
        BadInputRun run = run();
        for (String operation : List.of("POST /api/v1/leases", "POST /api/v1/quotes")) {
            Input input = INPUTS.get(operation);
            for (Object hostMemory : List.of(0, -8, 0.1, 16385, "lots")) {
                // given
                Map<String, Object> body = new LinkedHashMap<>(input.body().valid());
                body.put("hostMemoryGiB", hostMemory);

                // when
                Response r = call(operation, run.path(operation), input, Map.of(), JSON.writeValueAsString(body));

                // then
                run.refused(operation + " hostMemoryGiB " + hostMemory, r, "hostMemoryGiB");
            }
        }
        run.assertAll();
    }

    @Test
    void anOversizedBodyOrUriIsAProblemToo() {
        // given
        RecordingUpstream.clear();

        // when: a body declared far over the limit (10 MiB), and a URI over 8,192 characters
        RawRequests.Answer body = RawRequests.declaringBody(RestAssured.port, "POST", "/api/v1/leases", 20_000_000);
        Response uri = RestAssured.given().queryParam("period", "2".repeat(9_000)).get("/api/v1/usage");

        // then
        assertThat(Refusals.whatIsWrongWithTooLarge(body)).isEmpty();
        assertThat(Refusals.whatIsWrongWithUriTooLong(uri)).isEmpty();
        // and: both carry the code the pages word them by, as a resource's problem does
        assertThat(body.body()).contains("\"detailCode\":{\"code\":\"payload_too_large\"");
        assertThat(uri.jsonPath().getString("detailCode.code")).isEqualTo("uri_too_long");
        assertThat(RecordingUpstream.calls()).isEmpty();
    }

    /** A run whose every refused input must also reach nothing behind the portal. */
    private static BadInputRun run() {
        return BadInputRun.of(SEED, PATH_VALUES).alsoEmpty("calls behind the portal", RecordingUpstream::calls);
    }

    /**
     * Calls with the raw (already encoded) path, the valid query parameters overridden by {@code query}, the calls
     * behind the portal recorded afresh.
     */
    private static Response call(String operation, String path, Input input, Map<String, String> query, String body) {
        RecordingUpstream.clear();
        String method = BadInputRun.method(operation);
        String user = operation.contains("/operator/") ? "operator1" : "admin1";
        RequestSpecification request = RestAssured.given().urlEncodingEnabled(false);
        if (!operation.equals("POST /api/v1/enrollments")) {
            request = request.auth().oauth2(TOKENS.get(user));
        }
        Map<String, String> params = new LinkedHashMap<>();
        input.query().forEach((name, q) -> params.put(name, q.valid()));
        params.putAll(query);
        params.forEach(request::queryParam);
        if (body != null) {
            request = request.contentType("application/json").body(body);
        }
        return request.request(method, path);
    }

    private static String validBody(Input input) {
        return input.body() == null ? null : input.body().validJson();
    }

    /** The operations of the OpenAPI document with a request body, a path parameter or a query parameter. */
    private static SortedSet<String> operationsWithInput() {
        String doc = RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        SortedSet<String> withInput = new TreeSet<>();
        SortedSet<String> api = AccessMatrix.operations(RestAssured.given(), "/api/");
        try {
            JsonNode paths = JSON.readTree(doc).path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                path.getValue().fields().forEachRemaining(op -> {
                    String operation = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                    boolean hasInput = path.getKey().contains("{") || op.getValue().has("requestBody")
                            || op.getValue().path("parameters").size() > 0;
                    if (api.contains(operation) && hasInput) {
                        withInput.add(operation);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withInput;
    }
}
