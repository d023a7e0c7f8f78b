package io.computenet.portal.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.devstack.inference.SimulatedInferenceServer;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.Tokens;
import io.computenet.contracts.api.endpoint.EndpointRoutes.EndpointRoute;
import io.computenet.contracts.api.endpoint.EndpointRoutes.RouteReplica;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static io.computenet.portal.gateway.GatewayCalls.newKey;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against real simulated replicas ({@link SimulatedInferenceServer}, the stand-in for vLLM) and a test
 * double of the scheduler's routing table and traffic endpoint ({@link SchedulerRoutesDouble}). Requests have the
 * shapes the OpenAI Python client sends ({@code client.chat.completions.create(...)}, {@code client.models.list()}).
 * Each test has an endpoint of its own, so their traffic reports do not mix.
 */
@QuarkusTest
@QuarkusTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "svc-portal"))
@QuarkusTestResource(SchedulerRoutesDouble.class)
class InferenceGatewayTest {

    private static final String MODEL = GatewayCalls.MODEL;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger ENDPOINTS = new AtomicInteger();
    private static final List<SimulatedInferenceServer> SERVERS = new ArrayList<>();
    private static SimulatedInferenceServer slowTokens;

    @TestHTTPResource("/")
    URL portal;

    @BeforeAll
    static void startReplicas() {
        // 20 ms a token: a streamed answer of 20 tokens takes 400 ms, long enough to see it arrive in pieces
        slowTokens = replica(Duration.ofMillis(20));
    }

    @AfterAll
    static void stopReplicas() {
        SERVERS.forEach(SimulatedInferenceServer::close);
    }

    private static SimulatedInferenceServer replica(Duration tokenDelay) {
        SimulatedInferenceServer server = SimulatedInferenceServer.start(new InetSocketAddress("127.0.0.1", 0), MODEL,
                new SimulatedInferenceServer.Options(tokenDelay, 16));
        SERVERS.add(server);
        return server;
    }

    private static RouteReplica ready(String leaseId, SimulatedInferenceServer server) {
        return new RouteReplica(leaseId, "cn-east-yrd", server.baseUrl().toString(), true);
    }

    /** An endpoint of its own for one test, with key {@code key} (id {@code key-1}), routed to {@code replicas}. */
    private String endpoint(String key, int ratePerMinute, List<RouteReplica> replicas) {
        String id = "ep-test" + ENDPOINTS.incrementAndGet();
        SchedulerRoutesDouble.running().put(route(id, key, ratePerMinute, replicas));
        GatewayCalls.awaitRouted(portal, id, key);
        return id;
    }

    private static EndpointRoute route(String id, String key, int ratePerMinute, List<RouteReplica> replicas) {
        return GatewayCalls.route(id, "tenant-a", id + "-name", key, ratePerMinute, replicas);
    }

    private HttpResponse<String> send(String endpointId, String key, String method, String path, String body) {
        return GatewayCalls.send(portal, endpointId, key, method, path, body);
    }

    private static String chat(String content, int maxTokens, boolean stream, String streamOptions) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}],\"model\":\"" + MODEL
                + "\",\"max_tokens\":" + maxTokens + (stream ? ",\"stream\":true" : "")
                + (streamOptions == null ? "" : ",\"stream_options\":" + streamOptions) + "}";
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    @Test
    void answersAPlainChatCompletionAndReportsItsUsagePerEndpointAndKey() {
        // given
        String key = newKey();
        String id = endpoint(key, 600, List.of(ready("lease-1", replica(Duration.ZERO))));
        // when
        HttpResponse<String> response = send(id, key, "POST", "v1/chat/completions", chat("Say hello", 8, false, null));
        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response.body());
        assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
        assertThat(answer.at("/choices/0/message/content").asText()).isNotBlank();
        long prompt = answer.at("/usage/prompt_tokens").asLong();
        assertThat(answer.at("/usage/completion_tokens").asLong()).isEqualTo(8);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(SchedulerRoutesDouble.running().total(id, "requests")).isEqualTo(1);
            assertThat(SchedulerRoutesDouble.running().total(id, "completionTokens")).isEqualTo(8);
            assertThat(SchedulerRoutesDouble.running().total(id, "promptTokens")).isEqualTo(prompt);
        });
        JsonNode byKey = SchedulerRoutesDouble.running().linesOf(id).stream()
                .filter(line -> line.path("requests").asLong() > 0).findFirst().orElseThrow().path("byKey").get(0);
        assertThat(byKey.path("keyId").asText()).isEqualTo("key-1");
        assertThat(byKey.path("completionTokens").asLong()).isEqualTo(8);
        // and: the portal's calls to the scheduler carry its service token
        assertThat(SchedulerRoutesDouble.running().authorizations()).allMatch(h -> h.startsWith("Bearer ey"));
    }

    @Test
    void streamsAChatCompletionTokenByTokenAndCountsTheUsageTheClientDidNotAskFor() throws Exception {
        // given
        String key = newKey();
        String id = endpoint(key, 600, List.of(ready("lease-1", slowTokens)));
        HttpRequest request = GatewayCalls.request(portal, id, key, "POST", "v1/chat/completions",
                chat("Tell me a story", 20, true, null)).build();
        // when: each event's arrival time, as the client reads it
        HttpResponse<java.io.InputStream> response = GatewayCalls.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<String> events = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:")) {
                    events.add(line.substring(5).strip());
                    arrivals.add(System.nanoTime());
                }
            }
        }
        // then: the events came over the 400 ms the tokens took, not all at once at the end
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        assertThat(events.size()).isGreaterThan(10);
        assertThat(Duration.ofNanos(arrivals.get(arrivals.size() - 1) - arrivals.get(0)))
                .isGreaterThan(Duration.ofMillis(200));
        // and: the usage chunk the gateway asked for is not passed on
        List<JsonNode> chunks = events.stream().filter(e -> !e.equals("[DONE]")).map(InferenceGatewayTest::json)
                .toList();
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.path("choices").size()).isPositive());
        assertThat(chunks).noneMatch(chunk -> chunk.path("usage").isObject());
        // and: its tokens are counted
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(SchedulerRoutesDouble.running().total(id, "completionTokens")).isEqualTo(20));
    }

    @Test
    void passesTheUsageChunkOfAStreamThatAskedForIt() {
        // given
        String key = newKey();
        String id = endpoint(key, 600, List.of(ready("lease-1", replica(Duration.ZERO))));
        // when
        HttpResponse<String> response = send(id, key, "POST", "v1/chat/completions",
                chat("Hi", 5, true, "{\"include_usage\":true}"));
        // then
        List<JsonNode> chunks = response.body().lines().filter(l -> l.startsWith("data: {"))
                .map(l -> json(l.substring(6))).toList();
        assertThat(chunks.get(chunks.size() - 1).at("/usage/completion_tokens").asLong()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(SchedulerRoutesDouble.running().total(id, "completionTokens")).isEqualTo(5));
    }

    @Test
    void answersAPlainCompletionAndTheModelList() {
        // given
        String key = newKey();
        String id = endpoint(key, 600, List.of(ready("lease-1", replica(Duration.ZERO))));
        // when
        HttpResponse<String> models = send(id, key, "GET", "v1/models", null);
        HttpResponse<String> completion = send(id, key, "POST", "v1/completions",
                "{\"model\":\"" + MODEL + "\",\"prompt\":\"Once upon a time\",\"max_tokens\":4}");
        // then
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(json(models.body()).at("/data/0/id").asText()).isEqualTo(MODEL);
        assertThat(completion.statusCode()).isEqualTo(200);
        assertThat(json(completion.body()).at("/usage/completion_tokens").asLong()).isEqualTo(4);
    }

    @Test
    void refusesAMissingWrongRevokedOrOtherEndpointsKeyWithAnOpenAiError() {
        // given
        String key = newKey();
        String otherKey = newKey();
        List<RouteReplica> replicas = List.of(ready("lease-1", replica(Duration.ZERO)));
        String id = endpoint(key, 600, replicas);
        endpoint(otherKey, 600, replicas);
        String body = chat("Hi", 2, false, null);
        String keycloakToken = Tokens.password(KeycloakResource.realmUrl(), "researcher1", "researcher1");
        // when / then
        for (String presented : new String[]{null, newKey(), otherKey, keycloakToken, key + "x"}) {
            HttpResponse<String> refused = send(id, presented, "POST", "v1/chat/completions", body);
            assertThat(refused.statusCode()).as("key %s", presented).isEqualTo(401);
            assertThat(json(refused.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
        }
        assertThat(send("ep-unknown", key, "GET", "v1/models", null).statusCode()).isEqualTo(401);
        assertThat(send(id, key, "POST", "v1/chat/completions", body).statusCode()).isEqualTo(200);
        // and when: the scheduler lists the key no more (revoked)
        SchedulerRoutesDouble.running().put(new EndpointRoute(id, "tenant-a", id + "-name", GatewayCalls.MODEL,
                "READY", 600, List.of(), replicas));
        // then
        await().atMost(Duration.ofSeconds(5)).until(() ->
                send(id, key, "POST", "v1/chat/completions", body).statusCode() == 401);
    }

    @Test
    void refusesRequestsOverTheRateLimitWithRetryAfter() {
        // given: 2 requests a minute
        String key = newKey();
        String id = endpoint(key, 2, List.of(ready("lease-1", replica(Duration.ZERO))));
        String body = chat("Hi", 1, false, null);
        // when
        HttpResponse<String> first = send(id, key, "POST", "v1/chat/completions", body);
        HttpResponse<String> second = send(id, key, "POST", "v1/chat/completions", body);
        HttpResponse<String> third = send(id, key, "POST", "v1/chat/completions", body);
        // then
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 30L);
        assertThat(json(third.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void triesAnotherReplicaWhenOneCannotBeReached() throws Exception {
        // given: a replica whose port refuses connections, listed first and ready
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SimulatedInferenceServer alive = replica(Duration.ZERO);
        String key = newKey();
        String id = endpoint(key, 600, List.of(
                new RouteReplica("lease-0-dead", "cn-east-yrd", "http://127.0.0.1:" + closedPort, true),
                ready("lease-1-alive", alive)));
        // when
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(send(id, key, "POST", "v1/chat/completions", chat("Hi " + i, 2, false, null)).statusCode());
        }
        // then
        assertThat(statuses).containsOnly(200);
        assertThat(alive.requestsServed()).isEqualTo(6);
    }

    @Test
    void neverSendsARequestToAReplicaThatIsNotReady() {
        // given: a running server that the scheduler does not report ready (yet)
        SimulatedInferenceServer ready = replica(Duration.ZERO);
        SimulatedInferenceServer starting = replica(Duration.ZERO);
        String key = newKey();
        String id = endpoint(key, 600, List.of(ready("lease-1", ready),
                new RouteReplica("lease-2", "cn-east-yrd", starting.baseUrl().toString(), false)));
        // when: concurrent requests, so that least-outstanding would favour an idle replica
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String body = chat("Hi " + i, 2, false, null);
            calls.add(CompletableFuture.supplyAsync(() -> send(id, key, "POST", "v1/chat/completions", body)
                    .statusCode()));
        }
        // then
        assertThat(calls.stream().map(CompletableFuture::join)).containsOnly(200);
        assertThat(ready.requestsServed()).isEqualTo(8);
        assertThat(starting.requestsServed()).isZero();
    }

    @Test
    void aRequestWithoutAReadyReplicaWaitsReportsWaitingAndIsServedWhenOneIsReady() {
        // given: scaled to zero
        String key = newKey();
        String id = endpoint(key, 600, List.of());
        // when
        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() ->
                send(id, key, "POST", "v1/chat/completions", chat("Wake up", 3, false, null)));
        // then: the scheduler hears that a request waits
        await().atMost(Duration.ofSeconds(5)).until(() -> SchedulerRoutesDouble.running().linesOf(id).stream()
                .anyMatch(line -> line.path("waiting").asLong() > 0));
        assertThat(call).isNotDone();
        // and when: a replica becomes ready
        SchedulerRoutesDouble.running().put(route(id, key, 600, List.of(ready("lease-1", replica(Duration.ZERO)))));
        // then
        HttpResponse<String> response = call.join();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).at("/usage/completion_tokens").asLong()).isEqualTo(3);
    }

    @Test
    void answers503WhenNoReplicaIsReadyWithinTheColdStartTimeout() {
        // given: only a replica that never becomes ready (cold-start timeout 3 s in tests)
        String key = newKey();
        String id = endpoint(key, 600, List.of(new RouteReplica("lease-1", "cn-east-yrd",
                replica(Duration.ZERO).baseUrl().toString(), false)));
        // when
        long start = System.nanoTime();
        HttpResponse<String> response = send(id, key, "POST", "v1/chat/completions", chat("Hi", 2, false, null));
        // then
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("no_ready_replica");
        assertThat(error.path("message").asText()).contains("ready within 3 s");
    }

    @Test
    void sendsARefusedTrafficReportAgainUnderItsIdAndCountsItOnce() {
        // given
        String key = newKey();
        String id = endpoint(key, 600, List.of(ready("lease-1", replica(Duration.ZERO))));
        SchedulerRoutesDouble.running().refuseNextReports(2);
        // when
        assertThat(send(id, key, "POST", "v1/chat/completions", chat("Hi", 6, false, null)).statusCode())
                .isEqualTo(200);
        // then
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(SchedulerRoutesDouble.running().total(id, "completionTokens")).isEqualTo(6));
        List<String> accepted = SchedulerRoutesDouble.running().reports().stream()
                .map(r -> r.path("reportId").asText()).toList();
        assertThat(SchedulerRoutesDouble.running().refusedIds()).isNotEmpty().allMatch(accepted::contains);
        assertThat(SchedulerRoutesDouble.running().total(id, "requests")).isEqualTo(1);
    }
}
