package io.computenet.portal.gateway.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class UsageReadingTest {

    @Test
    void readsTheUsageOfAChatCompletion() {
        // given
        String answer = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}";
        // when / then
        assertThat(UsageReading.fromJson(answer.getBytes(StandardCharsets.UTF_8))).contains(new Usage(9, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"object\":\"list\",\"data\":[]}", "{\"usage\":null}",
            "{\"error\":{\"message\":\"m\",\"type\":\"invalid_request_error\",\"code\":400}}", "<html>", ""})
    void findsNoUsageInAnswersWithout(String answer) {
        assertThat(UsageReading.fromJson(answer.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
