package io.computenet.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.cli.Messages;
import io.computenet.cli.auth.Session;

import java.net.http.HttpRequest;
import java.util.function.Function;

/**
 * The portal's public API ({@code /api/v1/...}) with the signed-in user's bearer token. A 401 for a token that
 * looked valid (revoked, or the clocks disagree) gets one silent refresh and one retry; other errors become
 * {@link io.computenet.cli.CliFailure}s carrying the API's problem (see {@link Problems}).
 */
public final class PortalClient {

    private final Http http;
    private final Session session;
    private final Messages messages;
    private final String apiUrl;

    public PortalClient(Http http, Session session, Messages messages, String apiUrl) {
        this.http = http;
        this.session = session;
        this.messages = messages;
        this.apiUrl = apiUrl;
    }

    public JsonNode get(String path) {
        return call(path, b -> b.GET());
    }

    /** POSTs {@code body} as JSON (an empty body when null). */
    public JsonNode post(String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        return call(path, b -> b.header("Content-Type", "application/json").POST(publisher));
    }

    private JsonNode call(String path, Function<HttpRequest.Builder, HttpRequest.Builder> method) {
        String server = messages.get("server.api", apiUrl);
        Http.Response r = http.send(method.apply(http.request(apiUrl + path)
                .header("Authorization", "Bearer " + session.accessToken())).build(), server);
        if (r.status() == 401) {
            r = http.send(method.apply(http.request(apiUrl + path)
                    .header("Authorization", "Bearer " + session.refreshedAccessToken())).build(), server);
        }
        if (!r.ok()) {
            throw Problems.failure(r, server, messages);
        }
        return r.json();
    }
}
