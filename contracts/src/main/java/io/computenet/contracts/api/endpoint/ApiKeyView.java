package io.computenet.contracts.api.endpoint;

import java.time.Instant;

/**
 * An API key of an endpoint as listed: never the key, only its prefix; {@code revokedAt} null while active; what was
 * served with it (requests and prompt/completion tokens since it was created).
 */
public record ApiKeyView(String id, String prefix, Instant createdAt, Instant revokedAt, long requests,
                         long promptTokens, long completionTokens) {
}
