package io.computenet.e2e;

import io.computenet.devstack.DevStack;
import io.computenet.devstack.ServiceClients;
import io.computenet.devstack.testing.Tokens;
import io.restassured.path.json.JsonPath;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded lease load on the running stack, as the portal puts it on the scheduler: a few tenants, each on its own
 * schedule, requesting single-device leases (whole devices and slices) and releasing them, holding at most two at a
 * time, one call per tenant every {@code period}. It keeps what it was told: every lease answered 201 (accepted) and
 * the time of the answer, every failed call by its kind (a fault makes calls fail; that is expected and counted).
 */
final class LeaseLoad implements AutoCloseable {

    /** A lease the scheduler accepted (201): the call was sent at {@code sentAt} and answered at {@code acceptedAt}. */
    record Accepted(String leaseId, String tenantId, Instant sentAt, Instant acceptedAt) {
    }

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TOKEN_LIFE = Duration.ofSeconds(60);
    private static final int HELD_PER_TENANT = 2;

    private final DevStack stack;
    private final String tenantPrefix;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pool;
    private volatile String token;
    private volatile Instant tokenAt = Instant.EPOCH;

    private LeaseLoad(DevStack stack, String tenantPrefix, int tenants) {
        this.stack = stack;
        this.tenantPrefix = tenantPrefix;
        this.pool = Executors.newScheduledThreadPool(tenants);
    }

    /** Starts {@code tenants} tenants named {@code tenantPrefix-i}, each calling once per {@code period}. */
    static LeaseLoad start(DevStack stack, String tenantPrefix, int tenants, Duration period) {
        LeaseLoad load = new LeaseLoad(stack, tenantPrefix, tenants);
        for (int i = 0; i < tenants; i++) {
            Tenant tenant = load.new Tenant(tenantPrefix + "-" + i, i % 2 == 0 ? "WHOLE" : null);
            load.pool.scheduleWithFixedDelay(tenant::step, i * period.toMillis() / tenants, period.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return load;
    }

    String tenantPrefix() {
        return tenantPrefix;
    }

    List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    /** The first lease accepted for a call sent at or after {@code since}. */
    Optional<Accepted> firstAcceptedSentAfter(Instant since) {
        return accepted.stream().filter(a -> !a.sentAt().isBefore(since)).findFirst();
    }

    /** Failed calls by kind ({@code create 503}, {@code release ConnectException}, ...). */
    java.util.Map<String, Integer> failures() {
        java.util.Map<String, Integer> f = new java.util.TreeMap<>();
        failures.forEach((k, v) -> f.put(k, v.get()));
        return f;
    }

    private String schedulerUrl() {
        return "http://127.0.0.1:" + stack.options().schedulerPort();
    }

    private synchronized String token() {
        if (token == null || Instant.now().isAfter(tokenAt.plus(TOKEN_LIFE))) {
            token = Tokens.clientCredentials(stack.options().realmUrl(), ServiceClients.PORTAL,
                    stack.serviceClients().secret(ServiceClients.PORTAL));
            tokenAt = Instant.now();
        }
        return token;
    }

    /** POSTs to the scheduler's internal API as the portal does; null when the call failed before an answer. */
    private HttpResponse<String> post(String path, String body, String what) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(schedulerUrl() + path))
                    .timeout(CALL_TIMEOUT).header("Authorization", "Bearer " + token())
                    .header("Content-Type", "application/json");
            return http.send(request.POST(body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | RuntimeException e) {
            failures.computeIfAbsent(what + " " + e.getClass().getSimpleName(), k -> new AtomicInteger())
                    .incrementAndGet();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Releases a lease as its tenant, once the load has stopped; a failed call is counted. */
    void release(String tenantId, String leaseId) {
        post("/internal/v1/leases/" + leaseId + "/release?tenantId=" + tenantId, null, "final release");
    }

    /** One tenant: requests until it holds two leases, then releases its oldest. */
    private final class Tenant {
        private final String id;
        private final String sharing;
        private final Deque<String> held = new ArrayDeque<>();

        Tenant(String id, String sharing) {
            this.id = id;
            this.sharing = sharing;
        }

        void step() {
            try {
                if (held.size() < HELD_PER_TENANT) {
                    create();
                } else {
                    releaseOldest();
                }
            } catch (RuntimeException e) {
                // a scheduled task that throws is never run again: count it and go on
                failures.computeIfAbsent("step " + e.getClass().getSimpleName(), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        }

        private void create() {
            Instant sent = Instant.now();
            String body = "{\"tenantId\":\"" + id + "\",\"memoryGiB\":8,\"deviceCount\":1,\"durationMinutes\":10,"
                    + "\"maxWaitMinutes\":0" + (sharing == null ? "" : ",\"sharing\":\"" + sharing + "\"") + "}";
            HttpResponse<String> answer = post("/internal/v1/leases", body, "create");
            if (answer == null) {
                return;
            }
            if (answer.statusCode() == 201) {
                String leaseId = JsonPath.from(answer.body()).getString("leaseId");
                held.addLast(leaseId);
                accepted.add(new Accepted(leaseId, id, sent, Instant.now()));
            } else {
                failures.computeIfAbsent("create " + answer.statusCode(), k -> new AtomicInteger()).incrementAndGet();
            }
        }

        private void releaseOldest() {
            String leaseId = held.peekFirst();
            HttpResponse<String> answer = post("/internal/v1/leases/" + leaseId + "/release?tenantId=" + id, null,
                    "release");
            if (answer == null || answer.statusCode() >= 500) {
                if (answer != null) {
                    failures.computeIfAbsent("release " + answer.statusCode(), k -> new AtomicInteger())
                            .incrementAndGet();
                }
                return; // tried again next time
            }
            // 200, or a 4xx for a lease that ended on its own (a failed node): either way not held any more
            held.removeFirst();
        }
    }

    /** Stops the tenants' calls (a call under way is interrupted); {@link #release} still works. */
    void stop() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
