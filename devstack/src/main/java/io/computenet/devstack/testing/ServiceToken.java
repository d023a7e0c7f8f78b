package io.computenet.devstack.testing;

import java.time.Duration;

/**
 * A service client's access token from the realm, fetched again once it is a minute old (Keycloak's live five), for
 * harnesses and tests that call an internal API the way a service does. Thread-safe.
 */
public final class ServiceToken {

    private static final Duration KEEP = Duration.ofMinutes(1);

    private final String realmUrl;
    private final String clientId;
    private final String secret;
    private String token;
    private long fetchedAtNanos;

    public ServiceToken(String realmUrl, String clientId, String secret) {
        this.realmUrl = realmUrl;
        this.clientId = clientId;
        this.secret = secret;
    }

    /** A current access token. */
    public synchronized String get() {
        if (token == null || System.nanoTime() - fetchedAtNanos > KEEP.toNanos()) {
            token = Tokens.clientCredentials(realmUrl, clientId, secret);
            fetchedAtNanos = System.nanoTime();
        }
        return token;
    }

    /** The {@code Authorization} header value carrying a current token. */
    public String authorization() {
        return "Bearer " + get();
    }
}
