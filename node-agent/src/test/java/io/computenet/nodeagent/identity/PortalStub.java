package io.computenet.nodeagent.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the portal's enrolment endpoint in the agent's own tests (the real exchange runs in the end-to-end
 * suite): accepts each issued token once, answers problem+json otherwise, and remembers the credentials it issued.
 */
public final class PortalStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    /** token -> region:cluster */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private final Map<String, String> credentials = new ConcurrentHashMap<>();
    private final AtomicInteger exchanges = new AtomicInteger();

    public PortalStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/enrollments", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String token = request.path("token").asText();
            String nodeName = request.path("nodeName").asText();
            int status;
            String body;
            String scope = tokens.get(token);
            if (scope == null) {
                status = 401;
                body = "{\"title\":\"Enrolment token not valid\",\"detail\":\"the enrolment token is not one"
                        + " ComputeNet issued\"}";
            } else if (!used.add(token)) {
                status = 409;
                body = "{\"title\":\"Enrolment token already used\",\"detail\":\"create a new one\"}";
            } else if (request.path("devices").size() == 0) {
                status = 400;
                body = "{\"title\":\"Invalid enrolment request\",\"detail\":\"no devices\"}";
            } else {
                exchanges.incrementAndGet();
                String credential = "cred-" + UUID.randomUUID();
                credentials.put(nodeName, credential);
                String[] rc = scope.split(":");
                status = 201;
                body = JSON.writeValueAsString(Map.of("nodeId", nodeName, "credential", credential,
                        "organisation", "op-demo", "region", rc[0], "cluster", rc[1],
                        "enrolledAt", "2026-11-23T10:00:00Z", "devices", request.path("devices").size()));
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status == 201 ? "application/json"
                    : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Issues a token for {@code region:cluster}. */
    public String issue(String scope) {
        String token = "cnet_et_" + UUID.randomUUID();
        tokens.put(token, scope);
        return token;
    }

    public String credentialOf(String nodeId) {
        return credentials.get(nodeId);
    }

    public int exchanges() {
        return exchanges.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
