package io.computenet.contracts.api.endpoint;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A new API key of an endpoint. The key itself is shown this once; the scheduler keeps only its SHA-256 hash. */
public record ApiKeyCreated(
        String id,
        @Schema(description = "the key's first 12 characters, to tell keys apart") String prefix,
        @Schema(description = "cnk_ and 40 url-safe characters: send as Authorization: Bearer <key>") String key,
        Instant createdAt) {
}
