package io.computenet.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.util.Base64;

/**
 * Reads the claims of a token the client got itself from the realm (who is signed in, for display). It does not
 * verify the signature: the portal API does that on every call, and nothing here decides access.
 */
public final class Jwt {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Jwt() {
    }

    public static JsonNode claims(String token) {
        if (token == null) {
            return MissingNode.getInstance();
        }
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            return MissingNode.getInstance();
        }
    }
}
