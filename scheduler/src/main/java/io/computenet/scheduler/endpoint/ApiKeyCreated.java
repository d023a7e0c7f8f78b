package io.computenet.scheduler.endpoint;

import java.time.Instant;

/** A new API key: {@code key} is shown this once (only its hash is kept); {@code prefix} is its first 12 characters. */
public record ApiKeyCreated(String id, String prefix, String key, Instant createdAt) {
}
