package io.computenet.scheduler.identity;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secrets of enrolment, as pure functions. A node's credential is derived, never stored: HMAC-SHA256 of the node
 * id and its enrolment id under the scheduler's master key. Every scheduler instance with the same key derives the
 * same credential; re-enrolling a node (a new enrolment id) changes it. Enrolment tokens are random and only their
 * SHA-256 is kept.
 */
public final class Credentials {

    /** Minimum length of the master key, in characters. */
    public static final int MIN_MASTER_KEY_LENGTH = 32;
    /** Prefix that makes a leaked token recognisable (e.g. by secret scanners). */
    public static final String TOKEN_PREFIX = "cnet_et_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {
    }

    public static String nodeCredential(String masterKey, String nodeId, String enrollmentId) {
        checkMasterKey(masterKey);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] raw = mac.doFinal(("node-credential:v1:" + nodeId + ":" + enrollmentId)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A new enrolment token: the prefix and 32 random bytes, base64url. */
    public static String newToken() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** What is stored for a token: its SHA-256, hex. */
    public static String tokenHash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static void checkMasterKey(String masterKey) {
        if (masterKey == null || masterKey.length() < MIN_MASTER_KEY_LENGTH) {
            throw new IllegalArgumentException("computenet.scheduler.identity.master-key must have at least "
                    + MIN_MASTER_KEY_LENGTH + " characters");
        }
    }
}
