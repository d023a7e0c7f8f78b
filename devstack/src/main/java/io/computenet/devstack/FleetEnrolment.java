package io.computenet.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.devstack.testing.Tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Enrols the simulated fleet the way an operator enrols real nodes: signs in as the demo operator, asks the portal
 * for one-time enrolment tokens per region and cluster, and hands them to the node agent in a file; the agent then
 * exchanges one token per node for its identity.
 */
final class FleetEnrolment {

    static final String OPERATOR_USER = "operator1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private FleetEnrolment() {
    }

    /** How many of {@code nodes} nodes, spread round robin over {@code regions} regions, land in region {@code k}. */
    static int nodesInRegion(int nodes, int regions, int k) {
        return nodes / regions + (k < nodes % regions ? 1 : 0);
    }

    /**
     * Writes the tokens file ({@code region:cluster token} per line, owner-only) for {@code nodes} nodes round robin
     * and {@code extra} more nodes by region id, and returns its path.
     */
    static Path tokensFile(String portalUrl, String realmUrl, List<RegionSpec> regions, int nodes,
                           Map<String, Integer> extra, Path file) {
        String bearer = Tokens.password(realmUrl, OPERATOR_USER, OPERATOR_USER);
        List<String> lines = new ArrayList<>();
        lines.add("# one-time enrolment tokens for the simulated fleet, created by " + OPERATOR_USER);
        for (int k = 0; k < regions.size(); k++) {
            RegionSpec region = regions.get(k);
            int count = nodesInRegion(nodes, regions.size(), k) + extra.getOrDefault(region.id(), 0);
            if (count == 0) {
                continue;
            }
            JsonNode batch = post(portalUrl + "/api/v1/operator/enrollment-tokens", bearer, Map.of(
                    "region", region.id(), "cluster", region.cluster(), "expiresInMinutes", 60, "count", count));
            for (JsonNode token : batch.path("tokens")) {
                lines.add(region.id() + ":" + region.cluster() + " " + token.asText());
            }
        }
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static JsonNode post(String url, String bearer, Map<String, Object> body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("creating enrolment tokens at " + url + " failed: " + r.statusCode()
                        + " " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the portal at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
