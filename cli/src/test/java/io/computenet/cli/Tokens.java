package io.computenet.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Unsigned JWT-shaped tokens with chosen claims, as the fake realm hands them out (the client never verifies). */
public final class Tokens {

    private Tokens() {
    }

    public static String jwt(String user, String tenant, String... roles) {
        String payload = "{\"preferred_username\":\"" + user + "\",\"tenant\":\"" + tenant
                + "\",\"name\":\"Rita Researcher\",\"realm_access\":{\"roles\":[\"offline_access\",\"default-roles-computenet\""
                + String.join("", java.util.Arrays.stream(roles).map(r -> ",\"" + r + "\"").toList()) + "]}}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    public static String tokenResponse(String access, String refresh, long expiresIn, long refreshExpiresIn) {
        return "{\"access_token\":\"" + access + "\",\"expires_in\":" + expiresIn + ",\"refresh_token\":\""
                + refresh + "\",\"refresh_expires_in\":" + refreshExpiresIn + ",\"token_type\":\"Bearer\"}";
    }
}
