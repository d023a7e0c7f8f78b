package io.computenet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.devstack.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inference endpoints on the running system: a researcher creates an endpoint, the scheduler places its replicas as
 * leases and launches their serving Pods (the simulated kubelet starts a simulated inference server for each, the
 * stand-in for vLLM), and clients call the portal's gateway with an API key exactly as they call the OpenAI API,
 * plain and streamed. Requests and tokens are metered; replicas go to different nodes, and when one replica's node
 * dies (its agent falls silent) requests go on to the other while the scheduler fails the dead node's lease and the
 * endpoint replaces it elsewhere; a revoked key is refused; an endpoint scaled to zero wakes on a request; deleting the
 * endpoint ends every replica's lease.
 */
@ExtendWith(StackExtension.class)
class InferenceEndpointEndToEndTest {

    private static final String MODEL = "Qwen/Qwen2.5-0.5B-Instruct";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * The region of the endpoint whose replica's node dies: three simulated nodes there serve vLLM with 16 GiB (an
     * H100, an Ascend 910B3 and an MLU370-X8 server), so two replicas and a replacement each find a node of their own.
     */
    private static final String REGION = "cn-east-yrd";
    private static String researcher;

    @BeforeAll
    static void token() {
        researcher = Tokens.password(StackExtension.stack().options().realmUrl(), "researcher1", "researcher1");
        await().atMost(Duration.ofSeconds(90)).until(() -> given().auth().oauth2(researcher).get("/api/v1/offers")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.freeDevices > 0 }").size() > 0);
    }

    private static JsonPath create(String name, int min, int max) {
        return create(name, min, max, Map.of());
    }

    private static JsonPath create(String name, int min, int max, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "model", MODEL, "memoryGiB", 16,
                "minReplicas", min, "maxReplicas", max, "idleMinutes", 10));
        body.putAll(extra);
        return given().auth().oauth2(researcher).contentType(ContentType.JSON).body(body)
                .post("/api/v1/endpoints").then().statusCode(201).extract().jsonPath();
    }

    private static JsonPath view(String name) {
        return given().auth().oauth2(researcher).get("/api/v1/endpoints/" + name).then().statusCode(200).extract()
                .jsonPath();
    }

    private static List<String> readyReplicas(String name) {
        return view(name).getList("replicas.findAll { it.ready == true }.leaseId", String.class);
    }

    private static HttpResponse<String> call(String base, String key, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(150)).header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String chat(String content, boolean stream) {
        return """
                {"model":"%s","messages":[{"role":"system","content":"You are a helpful assistant."},
                 {"role":"user","content":"%s"}],"max_tokens":8,"temperature":0.7,"stream":%s}"""
                .formatted(MODEL, content, stream);
    }

    @Test
    void anEndpointServesOpenAiRequestsPlainAndStreamedMetersThemSurvivesAReplicasNodeAndEndsWithItsLeases()
            throws Exception {
        // given: an endpoint with two replicas
        JsonPath created = create("e2e-chat", 2, 3, Map.of("region", REGION));
        String key = created.getString("apiKey.key");
        String base = created.getString("baseUrl");
        assertThat(key).startsWith("cnk_");
        assertThat(base).endsWith("/v1");
        await().atMost(Duration.ofSeconds(120)).until(() -> readyReplicas("e2e-chat").size() == 2);
        JsonPath ready = view("e2e-chat");
        assertThat(ready.getString("state")).isEqualTo("READY");
        assertThat(ready.getList("replicas.deviceModel", String.class)).doesNotContainNull();
        assertThat(ready.getString("pricePerReplicaHour")).isNotNull();
        assertThat(ready.getString("currency")).isEqualTo("CNY");
        // on two nodes: one node's death cannot take both
        assertThat(ready.getList("replicas.nodeId", String.class)).hasSize(2).doesNotHaveDuplicates();

        // when: a client lists the models and asks for completions, plain and streamed
        HttpResponse<String> models = call(base, key, "/models", null);
        HttpResponse<String> plain = call(base, key, "/chat/completions", chat("Hello there", false));
        List<String> events = stream(base, key, chat("Tell me a story", true));
        HttpResponse<String> legacy = call(base, key, "/completions",
                "{\"model\":\"" + MODEL + "\",\"prompt\":\"Once upon a time\",\"max_tokens\":4}");

        // then: they are answered as the OpenAI API answers
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(models.body()).path("data").get(0).path("id").asText()).isEqualTo(MODEL);
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(plain.body());
        assertThat(answer.path("choices").get(0).path("message").path("content").asText()).isNotBlank();
        assertThat(answer.path("usage").path("completion_tokens").asInt()).isEqualTo(8);
        // the role chunk, eight tokens, and [DONE]: no usage chunk the client did not ask for
        assertThat(events).hasSize(10).last().isEqualTo("[DONE]");
        assertThat(events.subList(0, 9)).allSatisfy(e -> assertThat(JSON.readTree(e).path("object").asText())
                .isEqualTo("chat.completion.chunk"));
        assertThat(legacy.statusCode()).isEqualTo(200);

        // and: wrong or missing keys are refused
        assertThat(call(base, "cnk_" + "x".repeat(40), "/models", null).statusCode()).isEqualTo(401);
        assertThat(call(base, null, "/chat/completions", chat("hi", false)).statusCode()).isEqualTo(401);

        // and: requests and tokens are metered on the endpoint
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath metered = view("e2e-chat");
            assertThat(metered.getLong("requests")).isGreaterThanOrEqualTo(3);
            assertThat(metered.getLong("promptTokens")).isPositive();
            assertThat(metered.getLong("completionTokens")).isGreaterThanOrEqualTo(8 + 8 + 4);
        });

        // and: billing records them per endpoint and key, for the researcher and in finance's export
        String endpointId = created.getString("endpoint.id");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            JsonPath billed = given().auth().oauth2(researcher).get("/api/v1/usage/endpoints").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(billed.getLong("endpoints.find { it.endpointId == '" + endpointId + "' }.requests"))
                    .isGreaterThanOrEqualTo(3);
            assertThat(billed.getList("endpoints.find { it.endpointId == '" + endpointId + "' }.keys.keyId",
                    String.class)).containsExactly(created.getString("apiKey.id"));
        });
        String finance = Tokens.password(StackExtension.stack().options().realmUrl(), "finance1", "finance1");
        String export = given().auth().oauth2(finance).queryParam("period", java.time.YearMonth.now(
                        java.time.ZoneOffset.UTC).toString()).queryParam("format", "endpoint-usage")
                .get("/api/v1/billing/exports").then().statusCode(200).extract().asString();
        assertThat(export.lines()).anySatisfy(line -> assertThat(line).contains(endpointId + ",e2e-chat,"
                + created.getString("apiKey.id") + ","));

        // when: one replica's node dies (its agent sends nothing more), and clients keep calling until the scheduler
        // has failed that node's replica lease and the endpoint has a second ready replica again
        JsonPath serving = view("e2e-chat");
        String deadReplica = serving.getString("replicas[0].leaseId");
        String deadNode = serving.getString("replicas[0].nodeId");
        StackExtension.stack().silenceNode(deadNode);
        List<Integer> statuses = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                statuses.add(call(base, key, "/chat/completions", chat("still there " + statuses.size(), false))
                        .statusCode());
                List<String> readyNodes = view("e2e-chat").getList("replicas.findAll { it.ready == true }.nodeId",
                        String.class);
                return "FAILED".equals(given().auth().oauth2(researcher).get("/api/v1/leases/" + deadReplica).then()
                        .statusCode(200).extract().<String>path("state"))
                        && readyNodes.size() == 2 && !readyNodes.contains(deadNode);
            });
        } finally {
            // the node speaks again, so the tests after this one see the whole fleet
            StackExtension.stack().resumeNode(deadNode);
        }

        // then: every request was answered (by the other replica while one was dead), and the dead one was replaced
        // on another node
        assertThat(statuses).hasSizeGreaterThan(10).containsOnly(200);
        assertThat(given().auth().oauth2(researcher).get("/api/v1/leases/" + deadReplica).then().statusCode(200)
                .extract().<String>path("reason")).contains(deadNode);
        assertThat(readyReplicas("e2e-chat")).hasSize(2).doesNotContain(deadReplica);

        // when: the first key is revoked in favour of a second one
        String second = given().auth().oauth2(researcher).post("/api/v1/endpoints/e2e-chat/keys").then()
                .statusCode(201).extract().path("key");
        given().auth().oauth2(researcher).delete("/api/v1/endpoints/e2e-chat/keys/" + created.getString("apiKey.id"))
                .then().statusCode(204);

        // then
        assertThat(call(base, key, "/chat/completions", chat("revoked?", false)).statusCode()).isEqualTo(401);
        assertThat(call(base, second, "/chat/completions", chat("new key", false)).statusCode()).isEqualTo(200);
        assertThat(given().auth().oauth2(researcher).get("/api/v1/endpoints/e2e-chat/keys").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.revokedAt == null }.id", String.class)).hasSize(1);

        // when: the endpoint is deleted
        Set<String> replicaLeases = new HashSet<>(view("e2e-chat").getList("replicas.leaseId", String.class));
        given().auth().oauth2(researcher).delete("/api/v1/endpoints/e2e-chat").then().statusCode(204);

        // then: every replica's lease ends (billing stops with it), and the endpoint answers no more
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(replicaLeases).allSatisfy(id ->
                assertThat(given().auth().oauth2(researcher).get("/api/v1/leases/" + id).then().statusCode(200)
                        .extract().<String>path("state")).isIn("RELEASED", "EXPIRED", "FAILED", "CANCELLED")));
        given().auth().oauth2(researcher).get("/api/v1/endpoints/e2e-chat").then().statusCode(404);
        assertThat(call(base, second, "/models", null).statusCode()).isIn(401, 404);
    }

    @Test
    void anEndpointScaledToZeroWakesOnTheFirstRequest() throws Exception {
        // given
        JsonPath created = create("e2e-cold", 0, 1);
        assertThat(view("e2e-cold").getList("replicas")).isEmpty();
        assertThat(view("e2e-cold").getString("state")).isEqualTo("SCALED_TO_ZERO");

        // when: the first request arrives
        HttpResponse<String> first = call(created.getString("baseUrl"), created.getString("apiKey.key"),
                "/chat/completions", chat("wake up", false));

        // then: it waited for a replica instead of failing
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(view("e2e-cold").getList("replicas")).hasSize(1);
        given().auth().oauth2(researcher).delete("/api/v1/endpoints/e2e-cold").then().statusCode(204);
    }

    @Test
    void aResearcherSeesOnlyTheirOwnEndpointsAndBadRequestsNameTheField() {
        // given
        String other = Tokens.password(StackExtension.stack().options().realmUrl(), "researcher2", "researcher2");
        create("e2e-private", 0, 1);

        // then: another tenant neither sees nor deletes it
        given().auth().oauth2(other).get("/api/v1/endpoints/e2e-private").then().statusCode(404);
        given().auth().oauth2(other).delete("/api/v1/endpoints/e2e-private").then().statusCode(404);
        // a second endpoint of the same name conflicts; a bad name names the field
        given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("name", "e2e-private", "model", MODEL, "memoryGiB", 16))
                .post("/api/v1/endpoints").then().statusCode(409);
        Response bad = given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("name", "Not A DNS Label!", "model", MODEL, "memoryGiB", 16))
                .post("/api/v1/endpoints");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.asString()).contains("name");
        given().auth().oauth2(researcher).delete("/api/v1/endpoints/e2e-private").then().statusCode(204);
    }

    /** The data of each server-sent event of a streamed completion, as the client received them. */
    private static List<String> stream(String base, String key, String body) throws Exception {
        HttpResponse<java.io.InputStream> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(base + "/chat/completions")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> events = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring(6));
                }
            }
        }
        return events;
    }
}
