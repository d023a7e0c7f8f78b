package io.computenet.benchmarks;

import io.computenet.devstack.DevStack;
import io.computenet.devstack.StackOptions;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Web portal load harness: what a researcher's page costs under load. Starts the whole stack as {@code ./computenet
 * up} and the end-to-end tests do ({@link DevStack}: PostgreSQL, Kafka, Keycloak, the Kubernetes stand-ins, the
 * scheduler, billing, the portal's packaged jar and a simulated fleet), signs N researcher sessions in through
 * Keycloak's login form (authorisation-code flow with PKCE, {@link PortalSession}), books leases for their two tenants
 * through the portal's API with the page's CSRF token, then drives each page closed loop with the N sessions: every
 * user opens the page (the server-rendered shell) and makes the API call the page's script makes on load
 * ({@code /portal/leases}: {@code GET /api/v1/leases}, which it then polls every 3 s; {@code /portal/offers}: {@code GET
 * /api/v1/offers}), again and again. It prints per page the page's and the API call's requests/s and latency
 * percentiles, a whole view (page, then its call), and the CPU of every process meanwhile.
 */
public final class PortalLoadHarness implements HarnessMain.Harness {

    /** The researchers of the demo realm, one per tenant; sessions alternate between them. */
    static final List<String> RESEARCHERS = List.of("researcher1", "researcher2");
    /** The pages measured, each with the API call its script makes when it loads. */
    static final Map<String, String> PAGES = pages();
    /** The memory (GiB) of the seeded leases, in turn: slices and whole devices of several sizes. */
    private static final int[] SEED_MEMORY_GIB = {8, 16, 24, 40, 80, 12};

    private final PortalLoadOptions options;
    private final StartedComponents started = new StartedComponents();

    PortalLoadHarness(PortalLoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        HarnessMain.run("portal load harness", args, PortalLoadOptions::parse, PortalLoadOptions.USAGE,
                PortalLoadHarness::new);
    }

    private static Map<String, String> pages() {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("/portal/leases", "/api/v1/leases");
        pages.put("/portal/offers", "/api/v1/offers");
        return pages;
    }

    @Override
    public void closeAll() {
        started.closeAll();
    }

    @Override
    public int run() throws Exception {
        Path home = options.home().toAbsolutePath().normalize();
        Path workDir = options.workDir().isPresent() ? Files.createDirectories(options.workDir().get())
                : Files.createTempDirectory("cn-portal-bench");
        if (options.workDir().isEmpty()) {
            started.track(() -> deleteTree(workDir));
        }
        StackOptions test = StackOptions.forTests(home, workDir.resolve("stack"));
        // the test ports, with the fleet's size asked for and the local run's pace (heartbeats every 10 s, money
        // accrued every 30 s), not the tests' hurried one
        StackOptions stackOptions = new StackOptions(home, test.runDir(), test.portalPort(), test.schedulerPort(),
                test.billingPort(), test.agentPort(), test.keycloakPort(), test.keycloakManagementPort(),
                test.postgresPort(), test.kafkaPort(), test.kafkaControllerPort(), test.regions(),
                options.fleetNodes(), Duration.ofMinutes(2), Duration.ofSeconds(10), StackOptions.Money.DEFAULTS);
        long setUp = System.nanoTime();
        DevStack stack = started.track(DevStack.start(stackOptions));
        String portal = stack.portalUrl();
        System.out.printf("stack up in %d s; logs in %s%n", (System.nanoTime() - setUp) / 1_000_000_000L,
                stackOptions.runDir().resolve("logs"));

        List<PortalSession> sessions = signIn(portal);
        awaitOffers(sessions.get(0));
        seedLeases(sessions);
        CpuSampler cpu = cpuSampler(stack);

        System.out.printf("%nclosed loop: %d signed-in sessions (%s), each opening the page then making its API call;"
                        + " %d s warm-up, %d s measured per page%n", sessions.size(), String.join(", ", RESEARCHERS),
                options.warmup().toSeconds(), options.duration().toSeconds());
        System.out.printf("machine: %d CPUs, load average %s before the measurement%n", cpu.cpus(), loadAverage());
        List<String> results = new ArrayList<>();
        boolean failed = false;
        for (Map.Entry<String, String> page : options.offersApi() ? Map.of("", "/api/v1/offers").entrySet()
                : PAGES.entrySet()) {
            drive(sessions, page.getKey(), page.getValue(), options.warmup());
            CpuSampler.Sample before = cpu.sample();
            PageLoad load = drive(sessions, page.getKey(), page.getValue(), options.duration());
            Map<String, Double> shares = CpuSampler.shares(before, cpu.sample());
            System.out.println();
            System.out.println(page.getKey().isEmpty() ? "GET " + page.getValue() + " alone (no page)"
                    : page.getKey() + " (its script: GET " + page.getValue() + ")");
            System.out.println(load.report(options.duration()));
            System.out.println("  CPU (% of one core): " + CpuSampler.format(shares, k -> k) + "; load average "
                    + loadAverage());
            results.add(load.resultFields(page.getKey().isEmpty() ? page.getValue() : page.getKey(),
                    options.duration()));
            failed |= load.failures() > 0;
        }
        System.out.println();
        System.out.println("RESULT " + String.join(" ", results) + " sessions=" + sessions.size());
        return failed ? 1 : 0;
    }

    /** Signs the sessions in, one after the other (as users arrive), and reports how long a sign-in took. */
    private List<PortalSession> signIn(String portal) throws IOException, InterruptedException {
        Histogram signIns = LatencySummary.newHistogram();
        List<PortalSession> sessions = new ArrayList<>();
        for (int i = 0; i < options.concurrency(); i++) {
            long t0 = System.nanoTime();
            sessions.add(PortalSession.signIn(portal, RESEARCHERS.get(i % RESEARCHERS.size()),
                    PAGES.keySet().iterator().next()));
            signIns.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
        }
        System.out.println("signed in " + sessions.size() + " sessions through Keycloak's login form (page, login"
                + " form, credentials, code exchange, page): " + LatencySummary.of(signIns).format());
        return sessions;
    }

    /** Waits until the fleet's inventory and prices have reached the offers. */
    private static void awaitOffers(PortalSession session) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            HttpResponse<String> offers = session.apiGet("/api/v1/offers");
            if (offers.statusCode() == 200 && offers.body().contains("\"pricePerDeviceHour\":")
                    && offers.body().matches("(?s).*\"freeDevices\":[1-9].*")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no priced offer with free devices within 3 minutes: "
                        + offers.statusCode() + " " + offers.body());
            }
            Thread.sleep(1000);
        }
    }

    /** Books {@code leases} leases per tenant through the portal's API, as the offers page's form does. */
    private void seedLeases(List<PortalSession> sessions) throws IOException, InterruptedException {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int tenant = 0; tenant < Math.min(RESEARCHERS.size(), sessions.size()); tenant++) {
            for (int i = 0; i < options.leases(); i++) {
                String body = "{\"memoryGiB\":" + SEED_MEMORY_GIB[i % SEED_MEMORY_GIB.length] + ",\"deviceCount\":1,"
                        + "\"durationMinutes\":240,\"maxWaitMinutes\":240,\"workloadClass\":\"INFERENCE\","
                        + "\"image\":\"vllm/vllm-openai:v0.6.3\",\"framework\":\"vLLM\"}";
                outcomes.merge(book(sessions.get(tenant), body), 1, Integer::sum);
            }
        }
        System.out.println("booked " + options.leases() + " leases per tenant through the session's API (CSRF token"
                + " of the page): " + outcomes);
        for (PortalSession session : sessions.subList(0, Math.min(RESEARCHERS.size(), sessions.size()))) {
            HttpResponse<String> list = session.apiGet("/api/v1/leases");
            System.out.println("  " + session.user() + "'s leases page lists " + count(list.body(), "\"leaseId\"")
                    + " leases (" + list.body().length() + " bytes of JSON)");
        }
    }

    /** Books one lease; its state, the problem's type, or why no answer came (a starved machine may time out). */
    private static String book(PortalSession session, String body) throws InterruptedException {
        try {
            HttpResponse<String> answer = session.apiPost("/api/v1/leases", body);
            return answer.statusCode() / 100 == 2
                    ? answer.body().replaceAll("(?s).*\"state\":\"([A-Z_]+)\".*", "$1")
                    : answer.statusCode() + " " + answer.body().replaceAll("(?s).*\"type\":\"[^\"]*/([^/\"]+)\".*",
                    "$1");
        } catch (IOException e) {
            return "no answer (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static CpuSampler cpuSampler(DevStack stack) {
        CpuSampler cpu = new CpuSampler();
        for (String module : List.of("portal-api", "scheduler", "billing", "node-agent")) {
            cpu.process(module.equals("portal-api") ? "portal" : module, stack.service(module).pid());
        }
        Object pids = stack.state().get("pids");
        if (pids instanceof Map<?, ?> byName && byName.get("keycloak") instanceof Long keycloak) {
            cpu.process("keycloak", keycloak);
        }
        stack.postgres().pid().ifPresent(pid -> cpu.process("postgres", pid));
        cpu.process("kafka", stack.kafka().pid());
        return cpu.threads("harness", name -> true);
    }

    /** Every session in a closed loop for {@code duration}: the page, then its API call. */
    private static PageLoad drive(List<PortalSession> sessions, String page, String api, Duration duration)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        List<Histogram[]> perUser = new ArrayList<>();
        List<Thread> users = new ArrayList<>();
        for (PortalSession session : sessions) {
            Histogram[] mine = {LatencySummary.newHistogram(), LatencySummary.newHistogram(),
                    LatencySummary.newHistogram()};
            perUser.add(mine);
            Thread user = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        long t0 = System.nanoTime();
                        // an empty page: the API call alone
                        HttpResponse<String> shell = page.isEmpty() ? null : session.page(page);
                        long t1 = System.nanoTime();
                        HttpResponse<String> data = session.apiGet(api);
                        long t2 = System.nanoTime();
                        if (data.statusCode() != 200 || shell != null && (shell.statusCode() != 200
                                || !shell.uri().getPath().equals(page))) {
                            failures.incrementAndGet();
                            continue;
                        }
                        if (shell != null) {
                            mine[0].recordValue(micros(t1 - t0));
                        }
                        mine[1].recordValue(micros(t2 - t1));
                        mine[2].recordValue(micros(t2 - t0));
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "portal-user-" + users.size());
            users.add(user);
            user.start();
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        for (Thread user : users) {
            user.join();
        }
        Histogram pageMicros = LatencySummary.newHistogram();
        Histogram apiMicros = LatencySummary.newHistogram();
        Histogram viewMicros = LatencySummary.newHistogram();
        for (Histogram[] h : perUser) {
            pageMicros.add(h[0]);
            apiMicros.add(h[1]);
            viewMicros.add(h[2]);
        }
        return new PageLoad(page, api, pageMicros, apiMicros, viewMicros, failures.get());
    }

    /** One page's measurement: the page's shell, its API call and both together, in microseconds. */
    record PageLoad(String page, String api, Histogram pageMicros, Histogram apiMicros, Histogram viewMicros,
                    long failures) {

        String report(Duration duration) {
            return String.format("  page  GET %-15s %,7.1f req/s   %s%n  API   GET %-15s %,7.1f req/s   %s%n"
                            + "  view  (page, then API)  %,7.1f /s      %s%s", page, rate(pageMicros, duration),
                    LatencySummary.of(pageMicros).format(), api, rate(apiMicros, duration),
                    LatencySummary.of(apiMicros).format(), rate(viewMicros, duration),
                    LatencySummary.of(viewMicros).format(),
                    failures == 0 ? "" : String.format("%n  %d views failed (not 200, or sent to sign in)", failures));
        }

        /** {@code leases_page_p50_ms=... leases_page_p99_ms=... leases_api_p50_ms=... ...} for the RESULT line. */
        String resultFields(String pagePath, Duration duration) {
            String name = pagePath.substring(pagePath.lastIndexOf('/') + 1);
            LatencySummary shell = LatencySummary.of(pageMicros);
            LatencySummary call = LatencySummary.of(apiMicros);
            return String.format(java.util.Locale.ROOT, "%1$s_page_p50_ms=%2$.1f %1$s_page_p99_ms=%3$.1f "
                            + "%1$s_api_p50_ms=%4$.1f %1$s_api_p99_ms=%5$.1f %1$s_views_per_s=%6$.1f %1$s_failures=%7$d",
                    name, shell.p50Ms(), shell.p99Ms(), call.p50Ms(), call.p99Ms(), rate(viewMicros, duration),
                    failures);
        }

        static double rate(Histogram micros, Duration duration) {
            return micros.getTotalCount() * 1000.0 / duration.toMillis();
        }
    }

    private static long micros(long nanos) {
        return Math.max(1, nanos / 1000);
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
