package io.computenet.benchmarks;

import io.computenet.devstack.testing.ServiceToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.computenet.nodeagent.fleet.SimulatedNode;
import io.computenet.nodeagent.identity.IdentityStore;
import io.computenet.nodeagent.identity.NodeIdentity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Enrols the simulated fleet through the scheduler's own enrolment API, as the portal does on an operator's and an
 * agent's behalf ({@code POST /internal/v1/enrollment-tokens} per region and cluster, then one
 * {@code POST /internal/v1/enrollments} per node with its devices), and stores each node's identity where the node
 * agent keeps it, so the agent's publisher then signs every record with the node's credential. There is no portal or
 * Keycloak in the harness: the scheduler's internal API is what they would call.
 */
final class FleetEnroller {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final int TOKENS_PER_CALL = 1000;

    private final String scheduler;
    private final String organisation;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final ServiceToken token;

    FleetEnroller(String schedulerUrl, String organisation, ServiceToken token) {
        this.scheduler = schedulerUrl;
        this.organisation = organisation;
        this.token = token;
    }

    /** Enrols every node of {@code fleet} (with {@code parallel} exchanges at a time) and stores the identities. */
    void enrol(List<SimulatedNode> fleet, IdentityStore store, int parallel) throws Exception {
        Map<String, Integer> perScope = new LinkedHashMap<>();
        fleet.forEach(n -> perScope.merge(n.region() + ":" + n.cluster(), 1, Integer::sum));
        Map<String, Deque<String>> tokens = new HashMap<>();
        for (Map.Entry<String, Integer> scope : perScope.entrySet()) {
            String[] rc = scope.getKey().split(":");
            Deque<String> list = new ArrayDeque<>();
            for (int left = scope.getValue(); left > 0; left -= TOKENS_PER_CALL) {
                JsonNode batch = post("/internal/v1/enrollment-tokens", Map.of("organisation", organisation,
                        "region", rc[0], "cluster", rc[1], "createdBy", "lease-load-harness",
                        "expiresInMinutes", 60, "count", Math.min(left, TOKENS_PER_CALL)));
                batch.path("tokens").forEach(t -> list.add(t.asText()));
            }
            tokens.put(scope.getKey(), list);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> exchanges = new java.util.ArrayList<>();
            for (SimulatedNode node : fleet) {
                String token = tokens.get(node.region() + ":" + node.cluster()).poll();
                exchanges.add(pool.submit(() -> {
                    store.write(node.nodeId(), exchange(token, node));
                    return null;
                }));
            }
            for (Future<?> f : exchanges) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private NodeIdentity exchange(String token, SimulatedNode node) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("nodeName", node.nodeId());
        body.put("hostname", node.hostname());
        body.put("devices", node.devices());
        JsonNode r = post("/internal/v1/enrollments", body);
        return new NodeIdentity(r.path("nodeId").asText(), r.path("credential").asText(),
                r.path("organisation").asText(), r.path("region").asText(), r.path("cluster").asText(),
                r.hasNonNull("enrolledAt") ? Instant.parse(r.get("enrolledAt").asText()) : Instant.now());
    }

    private JsonNode post(String path, Map<String, Object> body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(scheduler + path))
                .header("Content-Type", "application/json").header("Authorization", token.authorization())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
