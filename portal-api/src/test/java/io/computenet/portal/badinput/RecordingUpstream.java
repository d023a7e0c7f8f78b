package io.computenet.portal.badinput;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the scheduler and billing behind the portal: records every call that reaches it ({@code "METHOD
 * path"}) and answers 503 problem+json, so a test sees whether the portal refused a request itself or passed it on.
 * The gateway's own polls (routing table, traffic reports) are not recorded.
 */
public class RecordingUpstream implements QuarkusTestResourceLifecycleManager {

    private static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** The calls recorded since the last {@link #clear()}. */
    public static List<String> calls() {
        return List.copyOf(CALLS);
    }

    public static void clear() {
        CALLS.clear();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            if (!path.startsWith("/internal/v1/endpoint-routes") && !path.startsWith("/internal/v1/endpoint-traffic")) {
                CALLS.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            }
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"type\":\"about:blank\",\"title\":\"Recording stand-in\",\"status\":503}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("quarkus.rest-client.scheduler.url", url, "quarkus.rest-client.billing.url", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
