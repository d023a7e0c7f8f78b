package io.computenet.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny local HTTP server for unit tests of the client: answers per "METHOD /path" with a handler and records what
 * it was sent. Stands in for the portal API or the realm's token endpoints at unit level (the end-to-end suite runs
 * the client against the real ones).
 */
public final class FakeServer implements AutoCloseable {

    /** What a handler sees of a request. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** A form field of an {@code application/x-www-form-urlencoded} body. */
        public String form(String field) {
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals(field)) {
                    return java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    /** A canned answer. */
    public record Answer(int status, String contentType, String body) {

        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }

        public static Answer problem(int status, String body) {
            return new Answer(status, "application/problem+json", body);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
    public final List<Request> received = new CopyOnWriteArrayList<>();

    public FakeServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeServer on(String method, String path, Function<Request, Answer> handler) {
        routes.put(method + " " + path, handler);
        return this;
    }

    public FakeServer on(String method, String path, Answer answer) {
        return on(method, path, r -> answer);
    }

    public List<Request> received(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        received.add(request);
        Function<Request, Answer> handler = routes.get(request.method() + " " + request.path());
        Answer answer = handler == null ? Answer.problem(404, "{\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"no route " + request.path() + "\"}") : handler.apply(request);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
