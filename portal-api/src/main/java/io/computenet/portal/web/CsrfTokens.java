package io.computenet.portal.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Signed double-submit CSRF tokens: a random value and its HMAC under the portal's secret. The pages hold the token
 * twice, in the HttpOnly {@value #COOKIE} cookie and in the page (sent back as the {@value #HEADER} header); a
 * cross-site page can neither read the page nor forge a signed value, so a state-changing call carried by the
 * session cookie alone is refused.
 */
public final class CsrfTokens {

    public static final String COOKIE = "cn_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final RandomGenerator random;

    public CsrfTokens(String secret, RandomGenerator random) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("the portal's secret must have at least 32 characters");
        }
        this.key = (secret + ":csrf").getBytes(StandardCharsets.UTF_8);
        this.random = random;
    }

    public CsrfTokens(String secret) {
        this(secret, new SecureRandom());
    }

    /** A new token. */
    public String issue() {
        byte[] value = new byte[24];
        random.nextBytes(value);
        String nonce = B64.encodeToString(value);
        return nonce + "." + sign(nonce);
    }

    /** Whether the token is one this secret signed. */
    public boolean isValid(String token) {
        if (token == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            return false;
        }
        return MessageDigest.isEqual(sign(token.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether a request's cookie and header carry the same valid token. */
    public boolean matches(String cookie, String header) {
        return isValid(cookie) && header != null
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
