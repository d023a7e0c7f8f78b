package io.computenet.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.Messages;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place {@code cnet} sends HTTP requests (the JDK's client): a server that cannot be reached becomes a
 * {@link CliFailure} with {@link ExitCodes#UNAVAILABLE} naming the server, never an exception trace.
 */
public final class Http {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final ObjectMapper JSON = new ObjectMapper();

    // HTTP/1.1: over plain http an HTTP/2 upgrade attempt only costs a round trip
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Messages messages;

    public Http(Messages messages) {
        this.messages = messages;
    }

    /** A response: status, content type and body text. */
    public record Response(int status, String contentType, String body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body as JSON, or a missing node when it is empty or not JSON. */
        public JsonNode json() {
            if (body == null || body.isBlank()) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }
    }

    public HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(java.net.URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", "cnet");
    }

    /** Sends {@code request}; {@code server} names who is asked, for the message when it cannot be reached. */
    public Response send(HttpRequest request, String server) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNAVAILABLE, messages.get("error.unreachable", server, why(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.UNAVAILABLE, messages.get("error.interrupted"));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, messages.get("error.bad-url", request.uri(), e.getMessage()));
        }
    }

    /** The first message along the causes (the JDK's ConnectException has none; its cause says "refused"). */
    private static String why(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    /** An {@code application/x-www-form-urlencoded} body. */
    public static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
