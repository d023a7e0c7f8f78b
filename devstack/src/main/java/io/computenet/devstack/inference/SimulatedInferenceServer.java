package io.computenet.devstack.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stand-in for a vLLM replica in the local run and the tests: no accelerator runs here, so the simulated kubelet
 * starts one of these for each running inference replica Pod, in place of the {@code vllm serve} process the Pod's
 * image would run. It answers the part of vLLM's OpenAI-compatible server that ComputeNet's gateway and its users
 * touch: {@code GET /health}, {@code GET /v1/models}, {@code POST /v1/chat/completions} and
 * {@code POST /v1/completions}, plain or streamed as server-sent events, with real usage counts.
 * <p>
 * The text is deterministic: a completion is {@code max_tokens} words (16 when the request names no limit) drawn
 * from a fixed vocabulary by a hash of the prompt, one word per token, so a test can predict it. A prompt's tokens are
 * its whitespace-separated words plus one per chat message (the role). Each token takes
 * {@link Options#tokenDelay()}, so streams arrive token by token and concurrent requests overlap as they would on a
 * real replica. Errors have OpenAI's shape, {@code {"error":{"message","type","param","code"}}}.
 */
public final class SimulatedInferenceServer implements AutoCloseable {

    /** Tokens generated when a request sets no {@code max_tokens}. */
    public static final int DEFAULT_COMPLETION_TOKENS = 16;
    /** The largest {@code max_tokens} accepted (the simulated model's context). */
    public static final int MAX_COMPLETION_TOKENS = 4096;

    private static final String[] WORDS = {"compute", "tensor", "kernel", "gradient", "token", "cluster", "memory",
            "accelerator", "lease", "region", "model", "batch", "layer", "weight", "stream", "shard"};
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // the JDK server delays small writes (Nagle) unless told otherwise, which costs each answer a delayed ACK of
        // the client (~40 ms); it reads this once, when its first server is made, so before any HttpServer exists
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * How the simulated replica behaves.
     *
     * @param tokenDelay    time to generate one token (zero for benchmarks of what lies in front of the replica)
     * @param maxConcurrent requests served at once; further ones wait for a free worker
     */
    public record Options(Duration tokenDelay, int maxConcurrent) {

        public Options {
            if (tokenDelay == null || tokenDelay.isNegative()) {
                throw new IllegalArgumentException("tokenDelay must be zero or positive");
            }
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
            }
        }

        /** 5 ms per token, 64 requests at once. */
        public static Options defaults() {
            return new Options(Duration.ofMillis(5), 64);
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final String servedModel;
    private final Options options;
    private final long created = System.currentTimeMillis() / 1000;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();

    private SimulatedInferenceServer(HttpServer server, ExecutorService workers, String servedModel,
                                     Options options) {
        this.server = server;
        this.workers = workers;
        this.servedModel = servedModel;
        this.options = options;
    }

    /**
     * Starts a replica serving {@code servedModel} on {@code bind} (port 0 picks a free one).
     *
     * @throws UncheckedIOException when the address cannot be bound (in use, or not a local address)
     */
    public static SimulatedInferenceServer start(InetSocketAddress bind, String servedModel, Options options) {
        if (servedModel == null || servedModel.isBlank()) {
            throw new IllegalArgumentException("servedModel is required");
        }
        HttpServer http;
        try {
            http = HttpServer.create(bind, 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the simulated inference server to " + bind, e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(options.maxConcurrent(), r -> {
            Thread t = new Thread(r, "inference-sim-" + bind.getPort());
            t.setDaemon(true);
            return t;
        });
        SimulatedInferenceServer replica = new SimulatedInferenceServer(http, workers, servedModel, options);
        http.setExecutor(workers);
        http.createContext("/", replica::handle);
        http.start();
        return replica;
    }

    /** The server's root, e.g. {@code http://127.0.0.1:8000}; the OpenAI paths lie under {@code /v1}. */
    public URI baseUrl() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    /** The completions (chat or plain) answered so far, errors not counted. */
    public long requestsServed() {
        return served.get();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/health" -> requireMethod(exchange, method, "GET", () -> send(exchange, 200, null));
                case "/v1/models" -> requireMethod(exchange, method, "GET", () -> models(exchange));
                case "/v1/chat/completions" -> requireMethod(exchange, method, "POST",
                        () -> complete(exchange, true));
                case "/v1/completions" -> requireMethod(exchange, method, "POST", () -> complete(exchange, false));
                default -> error(exchange, 404, "NotFoundError", null, "no route " + path);
            }
        } catch (IOException e) {
            // the client went away mid-answer: nothing more to tell it
        }
    }

    private interface Answer {
        void run() throws IOException;
    }

    private void requireMethod(HttpExchange exchange, String method, String expected, Answer answer)
            throws IOException {
        if (!expected.equals(method)) {
            exchange.getResponseHeaders().add("Allow", expected);
            error(exchange, 405, "BadRequestError", null, "method " + method + " is not allowed here");
            return;
        }
        answer.run();
    }

    private void models(HttpExchange exchange) throws IOException {
        ObjectNode model = JSON.createObjectNode().put("id", servedModel).put("object", "model")
                .put("created", created).put("owned_by", "computenet-simulated").put("root", servedModel)
                .put("max_model_len", MAX_COMPLETION_TOKENS);
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        list.putArray("data").add(model);
        send(exchange, 200, list);
    }

    /** A parsed, checked completion request. */
    private record Request(boolean chat, String prompt, int promptTokens, int maxTokens, boolean limited,
                           boolean stream, boolean includeUsage) {
    }

    private void complete(HttpExchange exchange, boolean chat) throws IOException {
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            error(exchange, 400, "BadRequestError", null, "the body is not JSON: " + e.getOriginalMessage());
            return;
        }
        if (body == null || !body.isObject()) {
            error(exchange, 400, "BadRequestError", null, "the body must be a JSON object");
            return;
        }
        String model = body.path("model").asText("");
        if (!servedModel.equals(model)) {
            error(exchange, 404, "NotFoundError", "model",
                    "The model `" + model + "` does not exist. This replica serves `" + servedModel + "`.");
            return;
        }
        Request request;
        try {
            request = parse(body, chat);
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "BadRequestError", e.getMessage().split(":", 2)[0], e.getMessage());
            return;
        }
        String id = (chat ? "chatcmpl-" : "cmpl-") + Long.toHexString(System.nanoTime()) + ids.incrementAndGet();
        served.incrementAndGet(); // before the answer: a client that has it may count on it
        if (request.stream()) {
            stream(exchange, request, id);
        } else {
            whole(exchange, request, id);
        }
    }

    private static Request parse(JsonNode body, boolean chat) {
        StringBuilder prompt = new StringBuilder();
        int promptTokens = 0;
        if (chat) {
            JsonNode messages = body.path("messages");
            if (!messages.isArray() || messages.isEmpty()) {
                throw new IllegalArgumentException("messages: must be a non-empty array of messages");
            }
            for (JsonNode message : messages) {
                if (!message.path("role").isTextual()) {
                    throw new IllegalArgumentException("messages: every message needs a role");
                }
                String text = contentText(message.path("content"));
                prompt.append(text).append('\n');
                promptTokens += words(text) + 1;
            }
        } else {
            JsonNode given = body.path("prompt");
            if (given.isTextual()) {
                prompt.append(given.asText());
            } else if (given.isArray() && given.size() == 1 && given.get(0).isTextual()) {
                prompt.append(given.get(0).asText());
            } else {
                throw new IllegalArgumentException("prompt: must be a string (or an array of one string)");
            }
            promptTokens = words(prompt.toString());
        }
        JsonNode limit = body.has("max_completion_tokens") ? body.get("max_completion_tokens")
                : body.path("max_tokens");
        boolean limited = !limit.isMissingNode() && !limit.isNull();
        int maxTokens = DEFAULT_COMPLETION_TOKENS;
        if (limited) {
            if (!limit.canConvertToInt() || !limit.isIntegralNumber() || limit.asInt() < 1
                    || limit.asInt() > MAX_COMPLETION_TOKENS) {
                throw new IllegalArgumentException("max_tokens: must be an integer from 1 to "
                        + MAX_COMPLETION_TOKENS);
            }
            maxTokens = limit.asInt();
        }
        if (body.path("n").asInt(1) != 1) {
            throw new IllegalArgumentException("n: only n = 1 is served");
        }
        boolean stream = body.path("stream").asBoolean(false);
        boolean includeUsage = stream && body.path("stream_options").path("include_usage").asBoolean(false);
        return new Request(chat, prompt.toString(), promptTokens, maxTokens, limited, stream, includeUsage);
    }

    /** A message's text: a string, or the text parts of an array of content parts. */
    private static String contentText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText())) {
                    text.append(part.path("text").asText()).append(' ');
                }
            }
            return text.toString();
        }
        if (content.isMissingNode() || content.isNull()) {
            return "";
        }
        throw new IllegalArgumentException("messages: content must be a string or an array of parts");
    }

    private static int words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    /** The {@code i}-th generated token for this prompt, with its leading space after the first. */
    static String token(String prompt, int i) {
        int word = Math.floorMod(prompt.hashCode() * 31 + i * 7, WORDS.length);
        return (i == 0 ? "" : " ") + WORDS[word];
    }

    /** The whole completion this replica gives {@code prompt} with {@code tokens} tokens. */
    public static String completionOf(String prompt, int tokens) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            text.append(token(prompt, i));
        }
        return text.toString();
    }

    private void whole(HttpExchange exchange, Request request, String id) throws IOException {
        pause(request.maxTokens());
        String text = completionOf(request.prompt(), request.maxTokens());
        ObjectNode answer = header(request, id, false);
        ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
        if (request.chat()) {
            choice.putObject("message").put("role", "assistant").put("content", text);
        } else {
            choice.put("text", text);
            choice.putNull("logprobs");
        }
        choice.put("finish_reason", finishReason(request));
        answer.set("usage", usage(request));
        send(exchange, 200, answer);
    }

    private void stream(HttpExchange exchange, Request request, String id) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (request.chat()) {
            ObjectNode first = header(request, id, true);
            ObjectNode choice = first.putArray("choices").addObject().put("index", 0);
            choice.putObject("delta").put("role", "assistant").put("content", "");
            choice.putNull("finish_reason");
            event(out, first);
        }
        for (int i = 0; i < request.maxTokens(); i++) {
            pause(1);
            ObjectNode chunk = header(request, id, true);
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            String token = token(request.prompt(), i);
            if (request.chat()) {
                choice.putObject("delta").put("content", token);
            } else {
                choice.put("text", token);
                choice.putNull("logprobs");
            }
            if (i == request.maxTokens() - 1) {
                choice.put("finish_reason", finishReason(request));
            } else {
                choice.putNull("finish_reason");
            }
            event(out, chunk);
        }
        if (request.includeUsage()) {
            ObjectNode last = header(request, id, true);
            last.putArray("choices");
            last.set("usage", usage(request));
            event(out, last);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private ObjectNode header(Request request, String id, boolean chunk) {
        String object = request.chat() ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion";
        return JSON.createObjectNode().put("id", id).put("object", object)
                .put("created", System.currentTimeMillis() / 1000).put("model", servedModel);
    }

    private static String finishReason(Request request) {
        return request.limited() ? "length" : "stop";
    }

    private static ObjectNode usage(Request request) {
        return JSON.createObjectNode().put("prompt_tokens", request.promptTokens())
                .put("completion_tokens", request.maxTokens())
                .put("total_tokens", request.promptTokens() + request.maxTokens());
    }

    private static void event(OutputStream out, JsonNode data) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void pause(int tokens) {
        long nanos = options.tokenDelay().toNanos() * tokens;
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void error(HttpExchange exchange, int status, String type, String param, String message)
            throws IOException {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode detail = error.putObject("error").put("message", message).put("type", type);
        if (param == null) {
            detail.putNull("param");
        } else {
            detail.put("param", param.toLowerCase(Locale.ROOT));
        }
        detail.put("code", status);
        send(exchange, status, error);
    }
}
