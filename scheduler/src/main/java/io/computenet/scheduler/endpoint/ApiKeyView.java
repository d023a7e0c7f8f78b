package io.computenet.scheduler.endpoint;

import java.time.Instant;

/** An API key as listed: never the key itself. {@code revokedAt} is null while the key is active. */
public record ApiKeyView(String id, String prefix, Instant createdAt, Instant revokedAt) {
}
