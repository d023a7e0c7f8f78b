package io.computenet.scheduler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.devstack.testing.ServiceCalls;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A property over every request body and path parameter of the internal API: whatever malformed input is generated
 * (an unknown or misspelt key, a float or a string where an integer belongs, a number where a string belongs, a key
 * given twice, a NUL in a string, a control character in a path or query parameter, a missing required key), the
 * answer is a 4xx problem+json that names the field, and nothing has changed afterwards. Cases come from a seeded
 * generator ({@code -Dcomputenet.bad-input.seed=N} replays a run; the seed is in every failure message).
 */
@QuarkusTest
class BadInputPropertyTest {

    private static final long SEED = Long.getLong("computenet.bad-input.seed", System.nanoTime());
    private static final int CASES_PER_OPERATION = 40;
    private static final String TENANT = "t-bad-input";
    private static final String ORGANISATION = "org-bad-input";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An operation with a valid body, and which of its fields are integers and which strings. */
    private record Operation(String method, String path, Map<String, Object> valid, Set<String> integers,
                             Set<String> strings) {
    }

    private static final List<Operation> OPERATIONS = List.of(
            new Operation("POST", "/internal/v1/leases", ordered("tenantId", TENANT, "memoryGiB", 8,
                    "deviceCount", 1, "durationMinutes", 10, "maxWaitMinutes", 0, "region", "cn-east-yrd",
                    "image", "docker.io/library/python:3.11-slim"),
                    Set.of("deviceCount", "durationMinutes", "maxWaitMinutes"), Set.of("tenantId", "region", "image")),
            new Operation("POST", "/internal/v1/quotes", ordered("tenantId", TENANT, "memoryGiB", 8, "deviceCount", 1,
                    "durationMinutes", 60, "region", "cn-east-yrd", "model", "A100"),
                    Set.of("deviceCount", "durationMinutes"), Set.of("tenantId", "region", "model")),
            new Operation("POST", "/internal/v1/leases/ls-none/renew", ordered("minutes", 10), Set.of("minutes"),
                    Set.of()),
            new Operation("POST", "/internal/v1/enrollment-tokens", ordered("organisation", ORGANISATION,
                    "region", "cn-east-yrd", "cluster", "bad-1", "createdBy", "prop", "expiresInMinutes", 60,
                    "count", 1), Set.of("expiresInMinutes", "count"),
                    Set.of("organisation", "region", "cluster", "createdBy")),
            new Operation("POST", "/internal/v1/enrollments", ordered("token", "cnet_et_none", "nodeName", "n-1",
                    "hostname", "h-1", "devices", List.of()), Set.of(), Set.of("token", "nodeName", "hostname")),
            new Operation("POST", "/internal/v1/nodes/n-none/drain", ordered("minutes", 30), Set.of("minutes"),
                    Set.of()),
            new Operation("PUT", "/internal/v1/tenants/" + TENANT + "/limits/budget",
                    ordered("monthlyGpuHours", 10), Set.of(), Set.of()),
            new Operation("POST", "/internal/v1/endpoints", ordered("tenantId", TENANT, "name", "bad-input",
                    "model", "Qwen/Qwen2.5-0.5B-Instruct", "memoryGiB", 8, "minReplicas", 0, "maxReplicas", 2,
                    "region", "cn-east-yrd"), Set.of("minReplicas", "maxReplicas"),
                    Set.of("tenantId", "name", "model", "region")),
            new Operation("POST", "/internal/v1/endpoint-traffic", ordered("reportId",
                    "8c3f0a52-0d7e-4d39-9a9c-3b1f7a8e2d10", "endpoints", List.of(ordered("endpointId",
                            "ep-none00000000", "inFlight", 1, "waiting", 0, "requests", 1, "promptTokens", 3,
                            "completionTokens", 4))), Set.of(), Set.of()));

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** One generated bad request: its raw body and the field the answer must name. */
    private record Case(String description, String body, String field) {
    }

    private static Case generate(Operation op, Random random) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>(op.valid());
        List<String> kinds = new ArrayList<>(List.of("unknown", "duplicate"));
        if (!op.integers().isEmpty()) {
            kinds.addAll(List.of("float-into-integer", "string-into-integer"));
        }
        if (!op.strings().isEmpty()) {
            kinds.addAll(List.of("nul-in-string", "number-into-string"));
        }
        if (op.path().endsWith("/budget")) {
            kinds.add("missing-required");
        }
        String kind = kinds.get(random.nextInt(kinds.size()));
        switch (kind) {
            case "unknown" -> {
                String name = randomName(random);
                body.put(name, random.nextBoolean() ? random.nextInt(1000) : randomName(random));
                return new Case(kind + " " + name, JSON.writeValueAsString(body), name);
            }
            case "duplicate" -> {
                String name = pick(new ArrayList<>(body.keySet()), random);
                String json = JSON.writeValueAsString(body);
                String again = json.substring(0, json.length() - 1) + "," + JSON.writeValueAsString(name) + ":"
                        + JSON.writeValueAsString(body.get(name)) + "}";
                return new Case(kind + " " + name, again, name);
            }
            case "float-into-integer" -> {
                String name = pick(new ArrayList<>(op.integers()), random);
                body.put(name, random.nextInt(100) + 0.5);
                return new Case(kind + " " + name, JSON.writeValueAsString(body), name);
            }
            case "string-into-integer" -> {
                String name = pick(new ArrayList<>(op.integers()), random);
                body.put(name, String.valueOf(1 + random.nextInt(100)));
                return new Case(kind + " " + name, JSON.writeValueAsString(body), name);
            }
            case "nul-in-string" -> {
                String name = pick(new ArrayList<>(op.strings()), random);
                String value = String.valueOf(body.get(name));
                int at = random.nextInt(value.length() + 1);
                body.put(name, value.substring(0, at) + '\u0000' + value.substring(at));
                return new Case(kind + " " + name, JSON.writeValueAsString(body), name);
            }
            case "number-into-string" -> {
                String name = pick(new ArrayList<>(op.strings()), random);
                body.put(name, random.nextInt(10_000));
                return new Case(kind + " " + name, JSON.writeValueAsString(body), name);
            }
            case "missing-required" -> {
                String misspelt = random.nextBoolean() ? "{}" : "{\"monthlyGpuHour\":5}";
                return new Case(kind + " " + misspelt, misspelt,
                        misspelt.equals("{}") ? "monthlyGpuHours" : "monthlyGpuHour");
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    private static String randomName(Random random) {
        StringBuilder sb = new StringBuilder("x");
        for (int i = 0, n = 2 + random.nextInt(10); i < n; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    private static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    @Test
    void everyMalformedBodyIsA4xxProblemNamingTheFieldAndChangesNothing() throws JsonProcessingException {
        // given
        Random random = new Random(SEED);
        SoftAssertions cases = new SoftAssertions();

        // when: many generated bad bodies for every operation
        for (Operation op : OPERATIONS) {
            for (int i = 0; i < CASES_PER_OPERATION; i++) {
                Case c = generate(op, random);
                Response r = ServiceCalls.given().contentType("application/json").body(c.body())
                        .queryParam("organisation", ORGANISATION).queryParam("by", "prop")
                        .queryParam("tenantId", TENANT).request(op.method(), op.path());
                String label = "seed " + SEED + ": " + op.method() + " " + op.path() + " with " + c.description()
                        + " " + c.body();

                // then
                cases.assertThat(r.statusCode()).as(label).isBetween(400, 499);
                cases.assertThat(r.contentType()).as(label).startsWith("application/problem+json");
                cases.assertThat(r.jsonPath().getList("errors.field", String.class)).as(label)
                        .anySatisfy(f -> assertThat(f).contains(c.field()));
            }
        }
        cases.assertAll();
        assertNothingChanged();
    }

    @Test
    void everyPathOrQueryParameterWithAControlCharacterIsA400NamingIt() {
        // given
        Random random = new Random(SEED);
        String[] controls = {"%00", "%0A", "%0D", "%0D%0A", "%1F", "%7F"};
        SoftAssertions cases = new SoftAssertions();

        for (int i = 0; i < CASES_PER_OPERATION; i++) {
            String control = controls[random.nextInt(controls.length)];
            String id = randomName(random);
            String bad = id.substring(0, 1 + random.nextInt(id.length() - 1)) + control + id.substring(1);
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
        assertThat(body.statusCode()).isEqualTo(413);
        assertThat(body.contentType()).startsWith("application/problem+json");
        assertThat(body.jsonPath().getString("type")).endsWith("/payload-too-large");
        assertThat(uri.statusCode()).isEqualTo(414);
        assertThat(uri.contentType()).startsWith("application/problem+json");
        assertThat(uri.jsonPath().getString("type")).endsWith("/uri-too-long");
        assertNothingChanged();
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
