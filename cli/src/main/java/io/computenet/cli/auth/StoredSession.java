package io.computenet.cli.auth;

import java.time.Instant;

/**
 * A signed-in session as {@code cnet} keeps it on disk: which realm and client issued it, the tokens, and when each
 * expires (epoch seconds; {@code refreshExpiresAt} 0 when the refresh token does not expire by time).
 */
public record StoredSession(String authUrl, String clientId, String username, String accessToken,
                            long accessExpiresAt, String refreshToken, long refreshExpiresAt) {

    /** Whether the access token is still good for at least {@code marginSeconds} at {@code now}. */
    public boolean accessValidAt(Instant now, long marginSeconds) {
        return now.getEpochSecond() + marginSeconds < accessExpiresAt;
    }

    /** Whether the refresh token has expired at {@code now}. */
    public boolean refreshExpiredAt(Instant now) {
        return refreshExpiresAt > 0 && now.getEpochSecond() >= refreshExpiresAt;
    }
}
