package io.computenet.benchmarks;

import io.computenet.devstack.testing.ServiceToken;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The closed loop: {@code concurrency} client threads, each creating a lease ({@code POST /internal/v1/leases}) and
 * releasing it at once ({@code POST /internal/v1/leases/{id}/release}), then sending the next, so capacity stays
 * free and the number of requests in flight is the concurrency. Create and release latencies (as the client sees
 * them: request sent to answer read) are recorded separately, and only for leases whose create started in the
 * measured phase. Answers other than 201 (create) and 200 (release) are counted by operation and status;
 * exceptions as {@code io}.
 * <p>
 * The open loop ({@code --arrival-rate R}): a pacer hands the {@code i}-th create, due at {@code start + i / R}, to a
 * pool of client threads whatever the earlier answers were, and its latency counts from that due time, not from
 * when a thread got to send it: a slow answer delays the next requests' sending, and that wait is counted (no
 * coordinated omission). How late the creates were sent is recorded too ({@link #sendLag()}).
 */
final class LeaseLoadDriver {

    enum Phase { WARMUP, MEASURE, DONE }

    private final String leasesUrl;
    private final LeaseLoadOptions options;
    private final HttpClient http;
    private final List<Thread> clients = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong measureBudget;
    private final Recorder create = new Recorder(3_600_000_000L, 3);
    private final Recorder release = new Recorder(3_600_000_000L, 3);
    /** Open loop: due time to the moment a client thread sent the create, µs. */
    private final Recorder sendLag = new Recorder(3_600_000_000L, 3);
    private java.util.concurrent.ThreadPoolExecutor pool;
    private volatile int warmupBacklog;
    private final LongAdder created = new LongAdder();
    private final LongAdder createdMeasured = new LongAdder();
    private final LongAdder sentMeasured = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, String> firstErrorBody = new ConcurrentHashMap<>();
    private volatile Phase phase = Phase.WARMUP;

    private final ServiceToken token;

    LeaseLoadDriver(String schedulerUrl, LeaseLoadOptions options, ServiceToken token) {
        this.token = token;
        this.leasesUrl = schedulerUrl + "/internal/v1/leases";
        this.options = options;
        this.measureBudget = new AtomicLong(options.leases());
        // one connection per client thread: HTTP/1.1 with keep-alive, as the portal's REST client talks to it
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    void start() {
        if (options.openLoop()) {
            startOpenLoop();
            return;
        }
        for (int i = 0; i < options.concurrency(); i++) {
            Thread t = new Thread(this::loop, "lease-client-" + i);
            t.setDaemon(true);
            clients.add(t);
            t.start();
        }
    }

    /** From now on, requests are measured, until {@code leases} were sent or {@link #stop()}. */
    void measure() {
        create.reset();
        release.reset();
        sendLag.reset();
        if (pool != null) {
            // the warm-up's backlog (creates it scheduled and no client has sent yet) is not the measured phase's:
            // dropped, so the measured creates start from an empty queue (the number is kept for the report)
            warmupBacklog = pool.getQueue().size();
            pool.getQueue().clear();
        }
        phase = Phase.MEASURE;
    }

    /** Open loop: warm-up creates still queued when the measured phase began (dropped, never sent). */
    int warmupBacklog() {
        return warmupBacklog;
    }

    /** Ends the loop; waits for every client to finish its lease (created leases are released). */
    void stop() throws InterruptedException {
        phase = Phase.DONE;
        for (Thread t : clients) {
            t.join(60_000);
        }
        if (pool != null) {
            // creates still queued when the run ends were never sent: they are dropped, not sent late (their
            // number was read before, {@link #queued()})
            pool.getQueue().clear();
            pool.shutdown();
            pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * The pacer: one thread that sleeps until each create is due and queues it for the clients; enough clients that
     * a few hundred ms of answer time at the rate still finds one free (the queue holds the rest, their wait counted).
     */
    private void startOpenLoop() {
        int threads = (int) Math.min(1024, Math.max(16, Math.ceil(options.arrivalRate() * 0.5)));
        AtomicLong clientNumber = new AtomicLong();
        pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 0, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "lease-client-" + clientNumber.getAndIncrement());
                    t.setDaemon(true);
                    return t;
                });
        pool.prestartAllCoreThreads();
        Thread pacer = new Thread(() -> {
            long start = System.nanoTime();
            double periodNanos = 1e9 / options.arrivalRate();
            for (long n = 0; ; n++) {
                long due = start + (long) (n * periodNanos);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                Phase p = phase;
                if (p == Phase.DONE) {
                    return;
                }
                boolean measured = p == Phase.MEASURE;
                if (measured && measureBudget.getAndDecrement() <= 0) {
                    return;
                }
                pool.execute(() -> {
                    sendLag(measured, due);
                    cycle(measured, due);
                });
            }
        }, "lease-pacer");
        pacer.setDaemon(true);
        clients.add(pacer);
        pacer.start();
    }

    private void sendLag(boolean measured, long due) {
        if (measured) {
            sendLag.recordValue(Math.max(0, System.nanoTime() - due) / 1000);
        }
    }

    /** Open loop: creates queued for a client thread and not yet sent. */
    int queued() {
        return pool == null ? 0 : pool.getQueue().size();
    }

    /** Open loop: how late the creates were sent after their due time, µs, since the last call. */
    Histogram sendLag() {
        return sendLag.getIntervalHistogram();
    }

    /** Whether every client has stopped (the measured budget is spent). */
    boolean finished() {
        return clients.stream().noneMatch(Thread::isAlive)
                && (pool == null || pool.getActiveCount() == 0 && pool.getQueue().isEmpty());
    }

    private void loop() {
        while (true) {
            Phase p = phase;
            if (p == Phase.DONE) {
                return;
            }
            boolean measured = p == Phase.MEASURE;
            if (measured && measureBudget.getAndDecrement() <= 0) {
                return;
            }
            if (!cycle(measured, System.nanoTime())) {
                return;
            }
        }
    }

    /**
     * One lease: create, then release at once. The create's latency counts from {@code due} (when it was sent in the
     * closed loop, when it was scheduled in the open loop). False when the thread was interrupted.
     */
    private boolean cycle(boolean measured, long due) {
        long i = sequence.getAndIncrement();
        String tenant = options.tenant(i);
        if (measured) {
            sentMeasured.increment();
        }
        try {
            HttpResponse<String> answer = timedSend(request(leasesUrl).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(LeaseMix.body(i, tenant))), "create", 201, create,
                    measured, due);
            if (answer == null) {
                return true;
            }
            created.increment();
            if (measured) {
                createdMeasured.increment();
            }
            String leaseId = LeaseMix.leaseId(answer.body());
            if (leaseId != null) {
                timedSend(request(leasesUrl + "/" + leaseId + "/release?tenantId=" + tenant)
                        .POST(HttpRequest.BodyPublishers.noBody()), "release", 200, release, measured,
                        System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /** A request to the scheduler with the service token and the clients' answer timeout. */
    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", token.authorization())
                .timeout(Duration.ofSeconds(60));
    }

    /**
     * Sends one request of an operation and times it from {@code from} (nanoTime) until its answer was read: with the
     * {@code expected} status the latency goes to {@code latencies} (when measured) and the answer is returned; any
     * other status, or an I/O failure, is counted under the operation ({@code create 409}, {@code release io ...})
     * and null is returned.
     */
    private HttpResponse<String> timedSend(HttpRequest.Builder request, String operation, int expected,
                                           Recorder latencies, boolean measured, long from)
            throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            if (r.statusCode() != expected) {
                error(operation + " " + r.statusCode(), r.body(), measured);
                return null;
            }
            if (measured) {
                latencies.recordValue((answered - from) / 1000);
            }
            return r;
        } catch (IOException e) {
            error(operation + " io " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()), measured);
            return null;
        }
    }

    private void error(String key, String body, boolean measured) {
        String k = (measured ? "" : "warm-up ") + key;
        errors.computeIfAbsent(k, x -> new LongAdder()).increment();
        firstErrorBody.putIfAbsent(k, body == null ? "" : body.substring(0, Math.min(400, body.length())));
    }

    /** Latencies since the last call, in µs (create, release). */
    Histogram[] interval() {
        return new Histogram[] {create.getIntervalHistogram(), release.getIntervalHistogram()};
    }

    long created() {
        return created.sum();
    }

    long createdMeasured() {
        return createdMeasured.sum();
    }

    long sentMeasured() {
        return sentMeasured.sum();
    }

    /** Errors by operation and status; warm-up ones are prefixed {@code warm-up}. */
    Map<String, Long> errors() {
        Map<String, Long> m = new TreeMap<>();
        errors.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    long measuredErrors() {
        return errors().entrySet().stream().filter(e -> !e.getKey().startsWith("warm-up"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    Map<String, String> firstErrorBodies() {
        return new TreeMap<>(firstErrorBody);
    }
}
