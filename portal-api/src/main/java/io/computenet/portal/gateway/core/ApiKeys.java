package io.computenet.portal.gateway.core;

import io.computenet.contracts.api.endpoint.ApiKeyHash;
import io.computenet.contracts.api.endpoint.EndpointRoutes.RouteKey;

import java.util.List;
import java.util.Optional;

/**
 * The gateway's API-key check. The scheduler keeps only SHA-256 hashes of the keys ({@link ApiKeyHash}, shared); the
 * gateway hashes the presented key and compares it with every active hash of the endpoint in constant time (no early exit on the first differing
 * byte, nor on the first matching key), so the time taken says nothing about how close a guess was.
 */
public final class ApiKeys {

    private static final String BEARER = "bearer ";

    private ApiKeys() {
    }

    /** The key in an {@code Authorization: Bearer <key>} header, empty when the header is absent or of another kind. */
    public static Optional<String> bearer(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String key = authorization.substring(BEARER.length()).strip();
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }

    /** The id of the active key {@code presented} is, or empty when it is none of {@code keys}. */
    public static Optional<String> match(List<RouteKey> keys, String presented) {
        byte[] digest = ApiKeyHash.digest(presented);
        String matched = null;
        for (RouteKey key : keys) {
            // compared in time independent of where they differ, every key (no early exit)
            if (ApiKeyHash.matches(digest, key.sha256()) && matched == null) {
                matched = key.keyId();
            }
        }
        return Optional.ofNullable(matched);
    }
}
