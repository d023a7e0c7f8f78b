package io.computenet.portal.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * What the gateway changes in a completion request before a replica sees it: a streamed request that does not ask
 * for usage gets {@code stream_options.include_usage: true}, so its tokens can be counted; the gateway then drops
 * that extra usage chunk from what the client receives ({@link SseUsageFilter}). Anything else passes unchanged,
 * byte for byte (a body that is not a JSON object is the replica's to refuse).
 */
public final class RequestShaping {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestShaping() {
    }

    /** The body to send and whether the gateway added the usage request (and must drop the usage chunk). */
    public record Shaped(byte[] body, boolean usageAdded) {
    }

    public static Shaped shape(byte[] body) {
        JsonNode request;
        try {
            request = body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return new Shaped(body, false);
        }
        if (!(request instanceof ObjectNode object) || !object.path("stream").asBoolean(false)
                || object.path("stream_options").path("include_usage").asBoolean(false)) {
            return new Shaped(body, false);
        }
        JsonNode options = object.get("stream_options");
        ObjectNode streamOptions = options instanceof ObjectNode existing ? existing : object.putObject("stream_options");
        streamOptions.put("include_usage", true);
        try {
            return new Shaped(JSON.writeValueAsBytes(object), true);
        } catch (IOException e) {
            throw new IllegalStateException("a parsed JSON tree always writes", e);
        }
    }
}
