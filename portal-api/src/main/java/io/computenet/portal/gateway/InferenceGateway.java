package io.computenet.portal.gateway;

import io.computenet.portal.gateway.core.ApiKeys;
import io.computenet.portal.gateway.core.RateLimiter;
import io.computenet.portal.gateway.core.ReplicaChoice;
import io.computenet.portal.gateway.core.RequestShaping;
import io.computenet.portal.gateway.core.SseUsageFilter;
import io.computenet.portal.gateway.core.TrafficLedger;
import io.computenet.portal.gateway.core.Usage;
import io.computenet.portal.gateway.core.UsageReading;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.contracts.api.endpoint.EndpointRoutes.EndpointRoute;
import io.computenet.contracts.api.endpoint.EndpointRoutes.RouteReplica;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inference gateway: {@code /inference/{endpointId}/v1/models}, {@code .../chat/completions} and
 * {@code .../completions}, authenticated by the endpoint's API key (not Keycloak), proxied to a ready replica.
 * <p>
 * A Vert.x route with the Vert.x HTTP client, both non-blocking on the portal's event loops: a streamed answer is
 * written to the client chunk by chunk as the replica sends it, with back-pressure (the replica's response is paused
 * while the client's write queue is full), and a request holds no thread while it waits for tokens or for a replica
 * to start. The JAX-RS REST client would read a body whole, and {@code java.net.http} would need a thread or a
 * subscriber bridge per stream. The decisions are the pure classes of this package; this class applies them:
 * {@link ApiKeys} (401), {@link RateLimiter} (429 with {@code Retry-After}), {@link ReplicaChoice} (least outstanding
 * requests, retried on another ready replica when a request could not be delivered: connection refused or reset, or
 * no answer before the connect timeout, before any byte of an answer), {@link RequestShaping} and
 * {@link SseUsageFilter} / {@link UsageReading} (tokens), {@link TrafficLedger} (reports). Without a ready replica a
 * request waits up to {@code cn.gateway.cold-start-timeout}, reported as {@code waiting} at once, then gets 503.
 * Errors are OpenAI-style JSON ({@code {"error":{"message","type","param","code"}}}), as OpenAI clients expect.
 */
@ApplicationScoped
public class InferenceGateway {

    private static final Logger LOG = Logger.getLogger(InferenceGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The OpenAI paths served, under {@code /inference/{endpointId}/v1/}, and their methods. */
    private static final Map<String, HttpMethod> OPERATIONS = Map.of(
            "models", HttpMethod.GET, "chat/completions", HttpMethod.POST, "completions", HttpMethod.POST);
    /** Headers of one hop that are not passed on (the gateway frames its own answer). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");
    /** A plain answer is kept (besides being passed on) up to this size to read its usage. */
    private static final int USAGE_READ_LIMIT = 8 * 1024 * 1024;

    @Inject
    Vertx vertx;
    @Inject
    GatewayRoutes routes;
    @Inject
    TrafficReporter traffic;
    @Inject
    GatewayConfig config;

    private final RateLimiter limiter = new RateLimiter(Clock.systemUTC());
    private final Map<String, AtomicInteger> outstanding = new ConcurrentHashMap<>();
    private final AtomicLong turns = new AtomicLong();
    private HttpClient replicas;

    void register(@Observes Router router) {
        replicas = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) config.connectTimeout().toMillis())
                        .setIdleTimeout((int) config.idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                        .setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerReplica()));
        routes.onChange(() -> limiter.retain(routes.endpointIds()));
        router.route("/inference/:endpointId/v1/*")
                .handler(BodyHandler.create(false).setBodyLimit(config.maxRequestBytes()))
                .handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String endpointId = ctx.pathParam("endpointId");
        Optional<EndpointRoute> route = routes.route(endpointId);
        Optional<String> keyId = route.flatMap(r -> ApiKeys.bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(key -> ApiKeys.match(r.keys(), key)));
        if (keyId.isEmpty()) {
            // an unknown endpoint gets the same answer as a wrong key: nothing tells which endpoint ids exist
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"inference\"");
            error(ctx, 401, "Incorrect API key provided for this endpoint.", "invalid_request_error",
                    "invalid_api_key");
            return;
        }
        String operation = ctx.normalizedPath().substring(("/inference/" + endpointId + "/v1/").length());
        HttpMethod method = ctx.request().method();
        if (!method.equals(OPERATIONS.get(operation))) {
            error(ctx, 404, "Unknown path: " + method + " /v1/" + operation + " (this endpoint serves GET /v1/models, "
                    + "POST /v1/chat/completions and POST /v1/completions).", "invalid_request_error", "unknown_url");
            return;
        }
        RateLimiter.Decision admission = limiter.tryAcquire(endpointId, route.get().rateLimitPerMinute());
        if (!admission.allowed()) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(admission.retryAfterSeconds()));
            error(ctx, 429, "Rate limit reached for this endpoint: " + route.get().rateLimitPerMinute()
                    + " requests per minute. Retry after " + admission.retryAfterSeconds() + " s.", "requests",
                    "rate_limit_exceeded");
            return;
        }
        Buffer body = ctx.body().buffer();
        RequestShaping.Shaped shaped = method == HttpMethod.POST && body != null
                ? RequestShaping.shape(body.getBytes()) : new RequestShaping.Shaped(new byte[0], false);
        Exchange exchange = new Exchange(ctx, endpointId, keyId.get(), operation, Buffer.buffer(shaped.body()),
                shaped.usageAdded());
        ctx.response().closeHandler(v -> clientGone(exchange));
        ctx.response().exceptionHandler(e -> LOG.debugf("client of %s: %s", endpointId, e.getMessage()));
        dispatch(exchange);
    }

    /** Sends the request to the best ready replica it has not failed on, or waits for one. */
    private void dispatch(Exchange ex) {
        if (ex.closed || ex.answered) {
            return;
        }
        Optional<EndpointRoute> route = routes.route(ex.endpointId);
        if (route.isEmpty()) {
            stopWaiting(ex);
            error(ex.ctx, 404, "The endpoint " + ex.endpointId + " no longer exists.", "invalid_request_error",
                    "endpoint_not_found");
            return;
        }
        Map<String, Integer> load = new HashMap<>();
        for (RouteReplica replica : route.get().replicas()) {
            AtomicInteger count = outstanding.get(replica.leaseId());
            load.put(replica.leaseId(), count == null ? 0 : count.get());
        }
        Optional<RouteReplica> replica = ReplicaChoice.choose(route.get().replicas(), load, ex.tried,
                turns.getAndIncrement());
        if (replica.isEmpty()) {
            waitForReplica(ex);
            return;
        }
        stopWaiting(ex);
        send(ex, replica.get());
    }

    private void waitForReplica(Exchange ex) {
        if (ex.waiting) {
            return;
        }
        ex.waiting = true;
        if (ex.deadline == 0) {
            ex.deadline = System.nanoTime() + config.coldStartTimeout().toNanos();
        }
        traffic.ledger().waiting(ex.endpointId);
        traffic.sendNow();
        Context context = vertx.getOrCreateContext();
        ex.stopListening = routes.onChange(() -> context.runOnContext(v -> dispatch(ex)));
        long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(ex.deadline - System.nanoTime()));
        ex.timer = vertx.setTimer(remainingMillis, id -> {
            stopWaiting(ex);
            if (!ex.closed && !ex.answered) {
                error(ex.ctx, 503, "No replica of endpoint " + ex.endpointId + " became ready within "
                        + config.coldStartTimeout().toSeconds() + " s; it may still be starting, try again shortly.",
                        "service_unavailable", "no_ready_replica");
            }
        });
    }

    private void stopWaiting(Exchange ex) {
        if (!ex.waiting) {
            return;
        }
        ex.waiting = false;
        traffic.ledger().waited(ex.endpointId);
        vertx.cancelTimer(ex.timer);
        ex.stopListening.run();
    }

    private void send(Exchange ex, RouteReplica replica) {
        AtomicInteger count = outstanding.computeIfAbsent(replica.leaseId(), id -> new AtomicInteger());
        count.incrementAndGet();
        traffic.ledger().started(ex.endpointId);
        String query = ex.ctx.request().query();
        RequestOptions options = new RequestOptions()
                .setMethod(ex.ctx.request().method())
                .setAbsoluteURI(replica.url() + "/v1/" + ex.operation + (query == null ? "" : "?" + query));
        String contentType = ex.ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        }
        options.putHeader(HttpHeaders.ACCEPT, Optional.ofNullable(ex.ctx.request().getHeader(HttpHeaders.ACCEPT))
                .orElse("*/*"));
        replicas.request(options)
                .compose(request -> {
                    ex.upstream = request;
                    return ex.body.length() == 0 ? request.send() : request.send(ex.body);
                })
                .onComplete(sent -> {
                    if (sent.succeeded()) {
                        relay(ex, sent.result(), count);
                        return;
                    }
                    // not delivered: no byte of an answer came, so it is safe to try another ready replica
                    count.decrementAndGet();
                    traffic.ledger().abandoned(ex.endpointId);
                    ex.upstream = null;
                    LOG.debugf("replica %s of %s not reached (%s); trying another", replica.leaseId(),
                            ex.endpointId, sent.cause().getMessage());
                    ex.tried.add(replica.leaseId());
                    dispatch(ex);
                });
    }

    /** Passes the replica's answer on as it arrives, reading its usage on the way. */
    private void relay(Exchange ex, HttpClientResponse answer, AtomicInteger count) {
        HttpServerResponse out = ex.ctx.response();
        if (ex.closed) {
            answer.request().reset();
            finish(ex, count, Usage.NONE);
            return;
        }
        ex.answered = true;
        out.setStatusCode(answer.statusCode());
        answer.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.equals("content-length")) {
                out.headers().add(header.getKey(), header.getValue());
            }
        });
        String type = answer.getHeader(HttpHeaders.CONTENT_TYPE);
        SseUsageFilter events = type != null && type.startsWith("text/event-stream")
                ? new SseUsageFilter(ex.usageAdded) : null;
        String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (events == null && length != null) {
            out.putHeader(HttpHeaders.CONTENT_LENGTH, length); // the bytes pass unchanged
        } else {
            out.setChunked(true);
        }
        ByteArrayOutputStream plain = events == null ? new ByteArrayOutputStream() : null;
        answer.handler(chunk -> {
            if (out.closed()) {
                return; // the client is gone; clientGone resets the replica's request
            }
            Buffer pass = chunk;
            if (events != null) {
                byte[] received = chunk.getBytes();
                byte[] complete = events.accept(received);
                if (complete.length == 0) {
                    return;
                }
                pass = complete == received ? chunk : Buffer.buffer(complete);
            } else if (plain.size() + chunk.length() <= USAGE_READ_LIMIT) {
                plain.writeBytes(chunk.getBytes());
            }
            out.write(pass);
            if (out.writeQueueFull()) {
                answer.pause();
                out.drainHandler(v -> answer.resume());
            }
        });
        answer.endHandler(v -> {
            Buffer tail = events == null ? Buffer.buffer() : Buffer.buffer(events.finish());
            if (!out.closed() && !out.ended()) {
                out.end(tail);
            }
            Usage usage = events != null ? events.usage().orElse(Usage.NONE)
                    : UsageReading.fromJson(plain.toByteArray()).orElse(Usage.NONE);
            finish(ex, count, usage);
        });
        answer.exceptionHandler(e -> {
            LOG.debugf("answer of %s cut short: %s", ex.endpointId, e.getMessage());
            if (!out.closed() && !out.ended()) {
                out.reset(); // the client sees the stream break, not a clean end
            }
            finish(ex, count, events == null ? Usage.NONE : events.usage().orElse(Usage.NONE));
        });
    }

    private void finish(Exchange ex, AtomicInteger count, Usage usage) {
        if (ex.finished) {
            return;
        }
        ex.finished = true;
        count.decrementAndGet();
        traffic.ledger().finished(ex.endpointId, ex.keyId, usage);
    }

    private void clientGone(Exchange ex) {
        ex.closed = true;
        stopWaiting(ex);
        if (ex.upstream != null && !ex.finished) {
            ex.upstream.reset();
        }
    }

    /** An OpenAI-style error answer. */
    private static void error(RoutingContext ctx, int status, String message, String type, String code) {
        Map<String, Object> error = new HashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        try {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(JSON.writeValueAsBytes(Map.of("error", error))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always writes", e);
        }
    }

    /** One request through the gateway; touched only on its connection's event loop. */
    private static final class Exchange {
        final RoutingContext ctx;
        final String endpointId;
        final String keyId;
        final String operation;
        final Buffer body;
        final boolean usageAdded;
        final Set<String> tried = new HashSet<>();
        HttpClientRequest upstream;
        boolean waiting;
        long deadline;
        long timer;
        Runnable stopListening;
        boolean answered;
        boolean finished;
        boolean closed;

        Exchange(RoutingContext ctx, String endpointId, String keyId, String operation, Buffer body,
                 boolean usageAdded) {
            this.ctx = ctx;
            this.endpointId = endpointId;
            this.keyId = keyId;
            this.operation = operation;
            this.body = body;
            this.usageAdded = usageAdded;
        }
    }
}
