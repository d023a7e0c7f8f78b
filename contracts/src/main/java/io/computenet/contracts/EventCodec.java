package io.computenet.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.List;

/**
 * The one JSON encoding of ComputeNet events. Decoding is strict: unknown enum values, missing required fields,
 * an unsupported schema version or a wrong type are {@link EventDecodingException}s naming the problem, so a
 * consumer can dead-letter the record instead of acting on half an event.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    private EventCodec() {
    }

    public static String encode(Event event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public static <T extends Event> T decode(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new EventDecodingException("empty record: expected a " + type.getSimpleName());
        }
        T event;
        try {
            event = MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new EventDecodingException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new EventDecodingException("null record: expected a " + type.getSimpleName());
        }
        List<String> problems = event.problems();
        if (!problems.isEmpty()) {
            throw new EventDecodingException("invalid " + type.getSimpleName() + ": " + String.join("; ", problems));
        }
        return event;
    }
}
