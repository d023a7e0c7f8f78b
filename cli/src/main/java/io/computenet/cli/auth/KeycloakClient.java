package io.computenet.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.Messages;
import io.computenet.cli.api.Http;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The realm's OAuth 2.0 endpoints that a public client uses: the device authorization request and the token
 * polls of RFC 8628, the refresh grant, and the logout that ends the session at Keycloak.
 */
public final class KeycloakClient {

    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final Http http;
    private final Messages messages;
    private final String authUrl;
    private final String clientId;

    public KeycloakClient(Http http, Messages messages, String authUrl, String clientId) {
        this.http = http;
        this.messages = messages;
        this.authUrl = authUrl;
        this.clientId = clientId;
    }

    /** The answer to a device authorization request: what the user must open and enter, and how often to poll. */
    public record DeviceAuthorization(String deviceCode, String userCode, String verificationUri,
                                      String verificationUriComplete, long expiresInSeconds, long intervalSeconds) {
    }

    /** A token endpoint answer: the new session, or the OAuth {@code error} code (e.g. authorization_pending). */
    public record TokenAnswer(StoredSession session, String error, String errorDescription) {
    }

    public DeviceAuthorization authorizeDevice() {
        Http.Response r = post("/protocol/openid-connect/auth/device", Map.of("client_id", clientId,
                "scope", "openid"));
        JsonNode b = r.json();
        if (!r.ok() || !b.hasNonNull("device_code")) {
            throw oauthFailure(r);
        }
        return new DeviceAuthorization(b.path("device_code").asText(), b.path("user_code").asText(),
                b.path("verification_uri").asText(), b.path("verification_uri_complete").asText(null),
                b.path("expires_in").asLong(600), b.path("interval").asLong(5));
    }

    /** One poll of the token endpoint for a device code. */
    public TokenAnswer pollDevice(String deviceCode, Instant now) {
        return tokenAnswer(post("/protocol/openid-connect/token", Map.of("grant_type", DEVICE_GRANT,
                "device_code", deviceCode, "client_id", clientId)), now);
    }

    /** The refresh grant: a new access token (and refresh token) for the session. */
    public TokenAnswer refresh(String refreshToken, Instant now) {
        return tokenAnswer(post("/protocol/openid-connect/token", Map.of("grant_type", "refresh_token",
                "refresh_token", refreshToken, "client_id", clientId)), now);
    }

    /** Ends the session at Keycloak (its refresh and access tokens stop working). */
    public void logout(String refreshToken) {
        Http.Response r = post("/protocol/openid-connect/logout", Map.of("client_id", clientId,
                "refresh_token", refreshToken));
        // 400 invalid_grant: the session had already ended (expired, or ended elsewhere): nothing left to end
        if (!r.ok() && !"invalid_grant".equals(r.json().path("error").asText())) {
            throw oauthFailure(r);
        }
    }

    private TokenAnswer tokenAnswer(Http.Response r, Instant now) {
        JsonNode b = r.json();
        if (r.ok() && b.hasNonNull("access_token")) {
            String access = b.path("access_token").asText();
            long refreshIn = b.path("refresh_expires_in").asLong(0);
            String username = Jwt.claims(access).path("preferred_username").asText(null);
            return new TokenAnswer(new StoredSession(authUrl, clientId, username, access,
                    now.getEpochSecond() + b.path("expires_in").asLong(60),
                    b.path("refresh_token").asText(null),
                    refreshIn > 0 ? now.getEpochSecond() + refreshIn : 0), null, null);
        }
        if (b.hasNonNull("error") && r.status() >= 400 && r.status() < 500) {
            return new TokenAnswer(null, b.path("error").asText(), b.path("error_description").asText(null));
        }
        throw oauthFailure(r);
    }

    private Http.Response post(String path, Map<String, String> form) {
        return http.send(http.request(authUrl + path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(new LinkedHashMap<>(form))).build(), messages.get("server.keycloak", authUrl));
    }

    private CliFailure oauthFailure(Http.Response r) {
        JsonNode b = r.json();
        String why = b.hasNonNull("error_description") ? b.path("error_description").asText()
                : b.hasNonNull("error") ? b.path("error").asText() : "HTTP " + r.status();
        int code = r.status() >= 500 ? ExitCodes.UNAVAILABLE
                : r.status() == 401 || r.status() == 400 ? ExitCodes.NOT_SIGNED_IN : ExitCodes.forHttpStatus(r.status());
        return new CliFailure(code, messages.get("error.keycloak", authUrl, why));
    }
}
