package io.computenet.portal.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RequestShapingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode tree(byte[] body) throws Exception {
        return JSON.readTree(body);
    }

    @Test
    void asksAStreamForUsageWhenTheClientDidNot() throws Exception {
        // given: the shape the OpenAI Python client sends for stream=True
        byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"model\":\"Qwen/Qwen2.5-7B-Instruct\",\"stream\":true}"
                .getBytes(StandardCharsets.UTF_8);
        // when
        RequestShaping.Shaped shaped = RequestShaping.shape(body);
        // then
        assertThat(shaped.usageAdded()).isTrue();
        JsonNode sent = tree(shaped.body());
        assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Hi");
        assertThat(sent.get("model").asText()).isEqualTo("Qwen/Qwen2.5-7B-Instruct");
    }

    @Test
    void keepsTheClientsOtherStreamOptionsWhenAddingUsage() throws Exception {
        // given
        byte[] body = "{\"stream\":true,\"stream_options\":{\"include_usage\":false,\"continuous_usage_stats\":false}}"
                .getBytes(StandardCharsets.UTF_8);
        // when
        RequestShaping.Shaped shaped = RequestShaping.shape(body);
        // then
        assertThat(shaped.usageAdded()).isTrue();
        assertThat(tree(shaped.body()).get("stream_options").toString())
                .isEqualTo("{\"include_usage\":true,\"continuous_usage_stats\":false}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"model\":\"m\",\"prompt\":\"Hi\"}",
            "{\"model\":\"m\",\"stream\":false}",
            "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
            "not json",
            "[1,2]",
            ""})
    void passesEverythingElseByteForByte(String request) {
        // given
        byte[] body = request.getBytes(StandardCharsets.UTF_8);
        // when
        RequestShaping.Shaped shaped = RequestShaping.shape(body);
        // then
        assertThat(shaped.usageAdded()).isFalse();
        assertThat(shaped.body()).isSameAs(body);
    }
}
