package io.computenet.scheduler.endpoint;

import io.computenet.contracts.api.endpoint.ApiKeyHash;

import java.security.SecureRandom;

/**
 * Endpoint API keys and ids, without any framework: a key is {@code cnk_} and 40 URL-safe random characters (240
 * bits), shown once; what is stored is its hash ({@link ApiKeyHash}, shared with the gateway, which compares it) and
 * its first 12 characters, to tell keys apart in lists.
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
        return new NewKey(key, key.substring(0, SHOWN_PREFIX), ApiKeyHash.hex(key));
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
