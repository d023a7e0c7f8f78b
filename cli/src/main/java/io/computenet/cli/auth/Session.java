package io.computenet.cli.auth;

import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.Messages;

import java.time.Clock;
import java.time.Instant;

/**
 * The signed-in session behind every API call: hands out an access token that is good for a while yet, refreshing
 * it silently with the refresh token (and storing the new tokens) when it is about to expire. A session that can no
 * longer be refreshed is deleted, and the user is told to sign in again ({@link ExitCodes#NOT_SIGNED_IN}).
 */
public final class Session {

    /** An access token that expires sooner than this is refreshed before use. */
    static final long MARGIN_SECONDS = 30;

    private final TokenStore store;
    private final KeycloakClient keycloak;
    private final String authUrl;
    private final Clock clock;
    private final Messages messages;

    public Session(TokenStore store, KeycloakClient keycloak, String authUrl, Clock clock, Messages messages) {
        this.store = store;
        this.keycloak = keycloak;
        this.authUrl = authUrl;
        this.clock = clock;
        this.messages = messages;
    }

    /** The stored session for this realm, or a not-signed-in failure. */
    public StoredSession stored() {
        StoredSession s = store.read().orElseThrow(() ->
                new CliFailure(ExitCodes.NOT_SIGNED_IN, messages.get("error.not-signed-in")));
        if (!authUrl.equals(s.authUrl())) {
            throw new CliFailure(ExitCodes.NOT_SIGNED_IN, messages.get("error.other-realm", s.authUrl(), authUrl));
        }
        return s;
    }

    /** An access token valid for at least {@link #MARGIN_SECONDS}, refreshed first if need be. */
    public String accessToken() {
        StoredSession s = stored();
        return s.accessValidAt(clock.instant(), MARGIN_SECONDS) ? s.accessToken() : refresh(s).accessToken();
    }

    /** A new access token whatever the stored one's expiry (after the API refused the stored one). */
    public String refreshedAccessToken() {
        return refresh(stored()).accessToken();
    }

    /** The session with fresh tokens; stored. */
    public StoredSession refresh(StoredSession s) {
        Instant now = clock.instant();
        if (s.refreshToken() == null || s.refreshExpiredAt(now)) {
            store.delete();
            throw new CliFailure(ExitCodes.NOT_SIGNED_IN, messages.get("error.session-expired"));
        }
        KeycloakClient.TokenAnswer answer = keycloak.refresh(s.refreshToken(), now);
        if (answer.session() == null) {
            // invalid_grant: the session ended at Keycloak (logged out, expired, revoked); the tokens are useless
            store.delete();
            throw new CliFailure(ExitCodes.NOT_SIGNED_IN, messages.get("error.session-ended",
                    answer.errorDescription() != null ? answer.errorDescription() : answer.error()));
        }
        StoredSession fresh = answer.session();
        store.write(fresh);
        return fresh;
    }
}
