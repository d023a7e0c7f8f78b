package io.computenet.portal.gateway;

import io.computenet.contracts.api.endpoint.EndpointRoutes.EndpointRoute;
import io.computenet.contracts.api.endpoint.EndpointRoutes.RouteKey;
import io.computenet.contracts.api.endpoint.EndpointRoutes.RouteReplica;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Calls of the inference gateway as an OpenAI client makes them, and routes for {@link SchedulerRoutesDouble}. */
final class GatewayCalls {

    static final String MODEL = "Qwen/Qwen2.5-7B-Instruct";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private GatewayCalls() {
    }

    /** A key of the scheduler's shape: {@code cnk_} and 40 url-safe characters. */
    static String newKey() {
        byte[] random = new byte[30];
        new SecureRandom().nextBytes(random);
        return "cnk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** A route of {@code tenantId}'s endpoint {@code name} with the one key {@code key} (id {@code key-1}). */
    static EndpointRoute route(String id, String tenantId, String name, String key, int ratePerMinute,
                               List<RouteReplica> replicas) {
        return new EndpointRoute(id, tenantId, name, MODEL, "READY", ratePerMinute,
                List.of(new RouteKey("key-1", io.computenet.contracts.api.endpoint.ApiKeyHash.hex(key))), replicas);
    }

    /** Until the gateway knows {@code key} for endpoint {@code id}. */
    static void awaitRouted(URL portal, String id, String key) {
        await().atMost(Duration.ofSeconds(10)).until(() -> probe(portal, id, key) != 401);
    }

    /**
     * A path the gateway refuses after the key check (and before the rate limit and any replica): 404 while the key
     * is accepted, 401 when not.
     */
    static int probe(URL portal, String id, String key) {
        return send(portal, id, key, "GET", "v1/nothing", null).statusCode();
    }

    /** {@code method} {@code <portal>/inference/<id>/<path>} with the headers of the OpenAI Python client. */
    static HttpResponse<String> send(URL portal, String endpointId, String key, String method, String path,
                                     String body) {
        try {
            return HTTP.send(request(portal, endpointId, key, method, path, body).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder request(URL portal, String endpointId, String key, String method, String path,
                                       String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(portal + "inference/" + endpointId + "/" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header("User-Agent", "OpenAI/Python 1.54.0")
                .header("X-Stainless-Lang", "python");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpClient http() {
        return HTTP;
    }
}
