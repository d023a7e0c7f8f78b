package io.computenet.portal.gateway.core;

import io.computenet.portal.gateway.core.EndpointRoutes.RouteKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's API-key check. The scheduler keeps only SHA-256 hashes of the keys; the gateway hashes the presented
 * key and compares it with every active hash of the endpoint in constant time (no early exit on the first differing
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

    /** Lower-case hex SHA-256 over the key's UTF-8 bytes, as the scheduler stores it. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** The id of the active key {@code presented} is, or empty when it is none of {@code keys}. */
    public static Optional<String> match(List<RouteKey> keys, String presented) {
        byte[] digest = sha256(presented);
        String matched = null;
        for (RouteKey key : keys) {
            byte[] stored = parseHex(key.sha256());
            // MessageDigest.isEqual compares in time independent of where the arrays differ
            if (stored != null && MessageDigest.isEqual(stored, digest) && matched == null) {
                matched = key.keyId();
            }
        }
        return Optional.ofNullable(matched);
    }

    private static byte[] parseHex(String hex) {
        try {
            return hex == null ? null : HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
