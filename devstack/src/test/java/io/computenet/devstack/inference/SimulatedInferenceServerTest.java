package io.computenet.devstack.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedInferenceServerTest {

    private static final String MODEL = "Qwen/Qwen2.5-7B-Instruct";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SimulatedInferenceServer replica;

    @BeforeAll
    static void start() {
        replica = SimulatedInferenceServer.start(new InetSocketAddress("127.0.0.1", 0), MODEL,
                new SimulatedInferenceServer.Options(Duration.ofMillis(1), 8));
    }

    @AfterAll
    static void stop() {
        replica.close();
    }

    @Test
    void answersHealthAndListsItsModel() throws Exception {
        // when
        HttpResponse<String> health = get("/health");
        JsonNode models = JSON.readTree(get("/v1/models").body());

        // then
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(models.path("object").asText()).isEqualTo("list");
        assertThat(models.path("data").get(0).path("id").asText()).isEqualTo(MODEL);
    }

    @Test
    void answersAChatCompletionWithDeterministicTextAndUsage() throws Exception {
        // given
        String body = """
                {"model":"%s","messages":[{"role":"system","content":"You are brief."},
                 {"role":"user","content":"Say hello to the cluster"}],"max_tokens":5}""".formatted(MODEL);
        long before = replica.requestsServed();

        // when
        HttpResponse<String> first = post("/v1/chat/completions", body);
        HttpResponse<String> second = post("/v1/chat/completions", body);

        // then
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(first.body());
        assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
        String text = answer.path("choices").get(0).path("message").path("content").asText();
        assertThat(text.split(" ")).hasSize(5);
        assertThat(JSON.readTree(second.body()).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo(text);
        assertThat(answer.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        // 3 + 5 words, plus one per message
        assertThat(answer.path("usage").path("prompt_tokens").asInt()).isEqualTo(10);
        assertThat(answer.path("usage").path("completion_tokens").asInt()).isEqualTo(5);
        assertThat(answer.path("usage").path("total_tokens").asInt()).isEqualTo(15);
        assertThat(replica.requestsServed()).isEqualTo(before + 2);
    }

    @Test
    void streamsAChatCompletionTokenByTokenWithTheUsageChunkLast() throws Exception {
        // given
        String body = """
                {"model":"%s","messages":[{"role":"user","content":"count"}],"max_tokens":4,"stream":true,
                 "stream_options":{"include_usage":true}}""".formatted(MODEL);

        // when
        List<String> events = events("/v1/chat/completions", body);

        // then: the role chunk, four tokens, the usage chunk, [DONE]
        assertThat(events).hasSize(7);
        assertThat(events.get(6)).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(1, 5)) {
            JsonNode chunk = JSON.readTree(event);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            text.append(chunk.path("choices").get(0).path("delta").path("content").asText());
        }
        assertThat(text.toString()).isEqualTo(SimulatedInferenceServer.completionOf("count\n", 4));
        JsonNode usage = JSON.readTree(events.get(5));
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
        assertThat(usage.path("usage").path("prompt_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void streamsWithoutAUsageChunkUnlessAskedFor() throws Exception {
        // given
        String body = """
                {"model":"%s","prompt":"once upon a time","max_tokens":3,"stream":true}""".formatted(MODEL);

        // when
        List<String> events = events("/v1/completions", body);

        // then
        assertThat(events).hasSize(4);
        assertThat(JSON.readTree(events.get(0)).path("object").asText()).isEqualTo("text_completion");
        assertThat(JSON.readTree(events.get(2)).path("choices").get(0).path("finish_reason").asText())
                .isEqualTo("length");
    }

    @Test
    void answersAPlainCompletion() throws Exception {
        // when
        HttpResponse<String> response = post("/v1/completions", """
                {"model":"%s","prompt":"the quick brown fox"}""".formatted(MODEL));

        // then
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("choices").get(0).path("text").asText().split(" "))
                .hasSize(SimulatedInferenceServer.DEFAULT_COMPLETION_TOKENS);
        assertThat(answer.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(answer.path("usage").path("prompt_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void refusesAnotherModelBadJsonAndBadLimitsTheWayOpenAiDoes() throws Exception {
        // when
        HttpResponse<String> otherModel = post("/v1/chat/completions", """
                {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
        HttpResponse<String> notJson = post("/v1/chat/completions", "{model:");
        HttpResponse<String> badLimit = post("/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":0}""".formatted(MODEL));
        HttpResponse<String> noMessages = post("/v1/chat/completions", """
                {"model":"%s","messages":[]}""".formatted(MODEL));

        // then
        assertThat(otherModel.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(otherModel.body()).path("error").path("message").asText()).contains("gpt-4o");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badLimit.body()).path("error").path("param").asText()).isEqualTo("max_tokens");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noMessages.body()).path("error").path("type").asText())
                .isEqualTo("BadRequestError");
    }

    @Test
    void refusesAnAddressItCannotBind() {
        // given: the replica's own address is taken
        InetSocketAddress taken = new InetSocketAddress("127.0.0.1", replica.baseUrl().getPort());

        // then
        assertThatThrownBy(() -> SimulatedInferenceServer.start(taken, MODEL,
                SimulatedInferenceServer.Options.defaults()))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("cannot bind");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(replica.baseUrl().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(request(path, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String path, String body) {
        URI uri = replica.baseUrl().resolve(path);
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The data lines of a server-sent event stream, as they arrive. */
    private static List<String> events(String path, String body) throws Exception {
        HttpResponse<java.io.InputStream> response = HTTP.send(request(path, body),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring(6));
                }
            }
        }
        return events;
    }
}
