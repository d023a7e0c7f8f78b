package io.computenet.devstack.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Real access tokens from Keycloak: a user's (password grant of the public {@code portal} client) and a service's
 * (client credentials of a confidential service client).
 */
public final class Tokens {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Tokens() {
    }

    public static String password(String realmUrl, String username, String password) {
        return token(realmUrl, username,
                "grant_type=password&client_id=portal&username=" + enc(username) + "&password=" + enc(password));
    }

    /** A service's token: the client credentials grant of the service client {@code clientId}. */
    public static String clientCredentials(String realmUrl, String clientId, String secret) {
        return token(realmUrl, clientId, "grant_type=client_credentials&client_id=" + enc(clientId)
                + "&client_secret=" + enc(secret));
    }

    private static String token(String realmUrl, String username, String form) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create(realmUrl + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token request for " + username + " failed: " + r.statusCode() + " "
                        + r.body());
            }
            return new ObjectMapper().readTree(r.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Keycloak at " + realmUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
