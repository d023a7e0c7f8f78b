package io.computenet.nodeagent.identity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.computenet.contracts.inventory.DeviceInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exchanges a one-time enrolment token for a node identity at the portal ({@code POST /api/v1/enrollments}); the
 * token itself authenticates the call.
 */
public final class EnrollmentClient {

    /** The exchange failed; the message says why, in the portal's words where it gave any. */
    public static final class EnrollmentFailedException extends RuntimeException {
        public EnrollmentFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param portalUrl the portal's base URL, e.g. {@code https://portal.computenet.example} */
    public EnrollmentClient(String portalUrl) {
        String base = portalUrl.endsWith("/") ? portalUrl.substring(0, portalUrl.length() - 1) : portalUrl;
        this.endpoint = URI.create(base + "/api/v1/enrollments");
    }

    public NodeIdentity exchange(String token, String nodeName, String hostname, List<DeviceInfo> devices) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("nodeName", nodeName);
        body.put("hostname", hostname);
        body.put("devices", devices);
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EnrollmentFailedException("cannot reach " + endpoint + " to enrol node " + nodeName + ": " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrollmentFailedException("interrupted while enrolling node " + nodeName, e);
        }
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new EnrollmentFailedException("enrolment of node " + nodeName + " at " + endpoint + " failed: HTTP "
                    + response.statusCode() + " " + problemText(response.body()), null);
        }
        try {
            JsonNode r = JSON.readTree(response.body());
            return new NodeIdentity(text(r, "nodeId"), text(r, "credential"), text(r, "organisation"),
                    text(r, "region"), text(r, "cluster"),
                    r.hasNonNull("enrolledAt") ? Instant.parse(r.get("enrolledAt").asText()) : Instant.now());
        } catch (IOException | RuntimeException e) {
            throw new EnrollmentFailedException("the portal's enrolment answer cannot be read: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String problemText(String body) {
        try {
            JsonNode p = JSON.readTree(body);
            String title = p.path("title").asText("");
            String detail = p.path("detail").asText("");
            return (title + (detail.isEmpty() ? "" : ": " + detail)).trim();
        } catch (IOException | RuntimeException e) {
            return body == null ? "" : body.substring(0, Math.min(300, body.length()));
        }
    }
}
