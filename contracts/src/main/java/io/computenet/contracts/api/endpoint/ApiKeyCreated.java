package io.computenet.contracts.api.endpoint;

import java.time.Instant;

/** A new API key of an endpoint. The key itself is shown this once; the scheduler keeps only its SHA-256 hash. */
public record ApiKeyCreated(String id, String prefix, String key, Instant createdAt) {
}
