package io.computenet.contracts.api.endpoint;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * An API key of an endpoint as listed: never the key, only its prefix; {@code revokedAt} null while active; what was
 * served with it (requests and prompt/completion tokens since it was created).
 */
public record ApiKeyView(
        String id,
        @Schema(description = "the key's first 12 characters, to tell keys apart") String prefix,
        Instant createdAt,
        @Schema(description = "null while the key is active") Instant revokedAt,
        @Schema(description = "requests served with this key") long requests,
        @Schema(description = "prompt tokens of those requests") long promptTokens,
        @Schema(description = "tokens generated for those requests") long completionTokens) {
}
