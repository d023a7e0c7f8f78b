package io.computenet.scheduler.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Endpoint API keys and ids, without any framework: a key is {@code cnk_} and 40 URL-safe random characters (240
 * bits), shown once; what is stored is its SHA-256 (lower-case hex over its UTF-8 bytes, what the gateway compares)
 * and its first 12 characters, to tell keys apart in lists.
 */
public final class ApiKeys {

    public static final String KEY_PREFIX = "cnk_";
    public static final int RANDOM_CHARS = 40;
    public static final int SHOWN_PREFIX = 12;
    private static final String URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

    private ApiKeys() {
    }

    /** A new key: the key itself (to show once), its prefix and its hash (to keep). */
    public record NewKey(String key, String prefix, String sha256) {
    }

    public static NewKey generate(SecureRandom random) {
        String key = KEY_PREFIX + randomOf(URL_SAFE, RANDOM_CHARS, random);
        return new NewKey(key, key.substring(0, SHOWN_PREFIX), sha256(key));
    }

    /** Lower-case hex of the SHA-256 of the key's UTF-8 bytes. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether {@code key} is the key whose hash is {@code sha256} (compared in constant time). */
    public static boolean matches(String key, String sha256) {
        return key != null && sha256 != null && MessageDigest.isEqual(sha256(key).getBytes(StandardCharsets.US_ASCII),
                sha256.getBytes(StandardCharsets.US_ASCII));
    }

    /** An endpoint id: {@code ep-} and 12 lower-case alphanumerics. */
    public static String endpointId(SecureRandom random) {
        return "ep-" + randomOf(LOWER_ALNUM, 12, random);
    }

    /** A key id: {@code ak-} and 12 lower-case alphanumerics. */
    public static String keyId(SecureRandom random) {
        return "ak-" + randomOf(LOWER_ALNUM, 12, random);
    }

    private static String randomOf(String alphabet, int length, SecureRandom random) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
