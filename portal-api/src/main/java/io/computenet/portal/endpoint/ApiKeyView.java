package io.computenet.portal.endpoint;

import java.time.Instant;

/** An API key of an endpoint as listed: never the key, only its prefix; {@code revokedAt} null while active. */
public record ApiKeyView(String id, String prefix, Instant createdAt, Instant revokedAt) {
}
