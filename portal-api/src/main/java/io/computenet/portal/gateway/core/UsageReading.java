package io.computenet.portal.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads the {@code usage} object ({@code prompt_tokens}, {@code completion_tokens}) of an OpenAI-style answer: a
 * whole JSON answer, or one event of a stream.
 */
public final class UsageReading {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UsageReading() {
    }

    /** The usage of a plain JSON answer, empty when it has none or is not JSON. */
    public static Optional<Usage> fromJson(byte[] answer) {
        try {
            return fromTree(JSON.readTree(answer));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<Usage> fromTree(JsonNode answer) {
        JsonNode usage = answer == null ? null : answer.get("usage");
        if (usage == null || !usage.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0)));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
