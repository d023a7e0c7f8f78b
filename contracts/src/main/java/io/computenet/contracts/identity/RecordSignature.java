package io.computenet.contracts.identity;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Ties a Kafka record to the node identity that sent it: the agent signs each record's value with the credential it
 * received at enrolment (HMAC-SHA256, sent base64url in the {@link #HEADER} header next to {@link #NODE_HEADER}), and
 * the scheduler verifies it with the credential it stored for that node. A record signed with another node's
 * credential, or altered after signing, does not verify.
 */
public final class RecordSignature {

    /** Header carrying the signature of the record value. */
    public static final String HEADER = "computenet-signature";
    /** Header carrying the id of the node whose credential signed the record. */
    public static final String NODE_HEADER = "computenet-node-id";
    private static final String ALGORITHM = "HmacSHA256";

    private RecordSignature() {
    }

    public static String sign(String credential, String payload) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(credential, payload));
    }

    /** True when {@code signature} is the credential's signature of {@code payload}; compared in constant time. */
    public static boolean verify(String credential, String payload, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(credential, payload), given);
    }

    private static byte[] mac(String credential, String payload) {
        if (credential == null || credential.length() < 16) {
            throw new IllegalArgumentException("a node credential has at least 16 characters");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(credential.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
