package io.computenet.contracts.api.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How an endpoint API key is kept and checked, once for both sides: the scheduler stores only the lower-case hex
 * SHA-256 of the key's UTF-8 bytes, and the gateway compares the presented key's digest with it in constant time.
 */
public final class ApiKeyHash {

    private ApiKeyHash() {
    }

    /** The SHA-256 of the key's UTF-8 bytes. */
    public static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Lower-case hex of {@link #digest}: what is stored. */
    public static String hex(String key) {
        return HexFormat.of().formatHex(digest(key));
    }

    /**
     * Whether {@code digest} is the stored hash {@code sha256Hex}, compared in time independent of where they differ;
     * false for a hash that is not hex.
     */
    public static boolean matches(byte[] digest, String sha256Hex) {
        byte[] stored = parseHex(sha256Hex);
        return stored != null && MessageDigest.isEqual(stored, digest);
    }

    private static byte[] parseHex(String hex) {
        try {
            return hex == null ? null : HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
