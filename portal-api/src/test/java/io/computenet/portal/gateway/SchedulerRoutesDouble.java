package io.computenet.portal.gateway;

import io.computenet.contracts.api.endpoint.EndpointRoutes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.computenet.contracts.api.endpoint.EndpointRoutes.EndpointRoute;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the scheduler's two gateway endpoints (the edge test's stand-in; the end-to-end suite runs the real
 * scheduler): {@code GET /internal/v1/endpoint-routes} answers the routes a test put, {@code POST
 * /internal/v1/endpoint-traffic} keeps the reports (as JSON, to check the wire names) and can refuse the next few
 * with 503. Points the portal's {@code endpoint-routes} client at itself; the portal's other scheduler calls still
 * go to the closed port of the other tests.
 */
public class SchedulerRoutesDouble implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static volatile SchedulerRoutesDouble running;

    private final Map<String, EndpointRoute> routes = new ConcurrentHashMap<>();
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refusedIds = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private final AtomicInteger routeFetches = new AtomicInteger();
    private HttpServer server;

    /** The double the running portal talks to. */
    public static SchedulerRoutesDouble running() {
        return running;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/v1/endpoint-routes", this::routes);
        server.createContext("/internal/v1/endpoint-traffic", this::traffic);
        server.start();
        running = this;
        return Map.of("quarkus.rest-client.endpoint-routes.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    public void put(EndpointRoute route) {
        routes.put(route.endpointId(), route);
    }

    public void remove(String endpointId) {
        routes.remove(endpointId);
    }

    /** Refuses the next {@code count} traffic reports with 503 (they are kept in {@link #refusedIds}). */
    public void refuseNextReports(int count) {
        refuseNext.set(count);
    }

    /** The traffic reports taken, oldest first. */
    public List<JsonNode> reports() {
        return new ArrayList<>(accepted);
    }

    public List<String> refusedIds() {
        return new ArrayList<>(refusedIds);
    }

    /** The Authorization headers the portal's calls carried. */
    public List<String> authorizations() {
        return new ArrayList<>(authorizations);
    }

    /** The endpoint's lines of every report taken. */
    public List<JsonNode> linesOf(String endpointId) {
        List<JsonNode> lines = new ArrayList<>();
        for (JsonNode report : reports()) {
            report.path("endpoints").forEach(line -> {
                if (line.path("endpointId").asText().equals(endpointId)) {
                    lines.add(line);
                }
            });
        }
        return lines;
    }

    /** A counter ({@code requests}, {@code promptTokens}, {@code completionTokens}) summed over the reports. */
    public long total(String endpointId, String counter) {
        return linesOf(endpointId).stream().mapToLong(line -> line.path(counter).asLong()).sum();
    }

    /** How often the routing table was fetched. */
    public int routeFetches() {
        return routeFetches.get();
    }

    private void routes(HttpExchange exchange) throws IOException {
        routeFetches.incrementAndGet();
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        byte[] body = JSON.writeValueAsBytes(new EndpointRoutes(Instant.now(), List.copyOf(routes.values())));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void traffic(HttpExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        JsonNode report = JSON.readTree(exchange.getRequestBody().readAllBytes());
        boolean refuse = refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        if (refuse) {
            refusedIds.add(report.path("reportId").asText());
        } else if (accepted.stream().noneMatch(r -> r.path("reportId").equals(report.path("reportId")))) {
            accepted.add(report); // a repeated id is ignored, as the scheduler does
        }
        exchange.sendResponseHeaders(refuse ? 503 : 202, -1);
        exchange.close();
    }
}
