package io.computenet.scheduler.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.contracts.inventory.SliceProfile;

import java.util.List;

/** The slice profiles of a device as stored in {@code devices.slice_profiles}: a JSON array. */
public final class SliceProfilesJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<SliceProfile>> LIST = new TypeReference<>() {
    };

    private SliceProfilesJson() {
    }

    public static String encode(List<SliceProfile> profiles) {
        try {
            return MAPPER.writeValueAsString(profiles);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("slice profiles could not be written as JSON", e);
        }
    }

    /** The stored profiles; an empty list for null. Throws IllegalArgumentException on a damaged column. */
    public static List<SliceProfile> decode(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored slice profiles are not valid: " + e.getOriginalMessage(), e);
        }
    }
}
