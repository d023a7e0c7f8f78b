package io.computenet.benchmarks;

import io.computenet.devstack.ServiceClients;
import io.computenet.devstack.KeycloakServer;
import io.computenet.devstack.testing.ServiceToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.contracts.Topics;
import io.computenet.contracts.access.KafkaAccess;
import io.computenet.devstack.DevStack;
import io.computenet.devstack.Directories;
import io.computenet.devstack.KafkaBroker;
import io.computenet.devstack.Ports;
import io.computenet.devstack.PostgresServer;
import io.computenet.devstack.RegionSpec;
import io.computenet.devstack.RegionalCluster;
import io.computenet.devstack.ServiceProcess;
import io.computenet.nodeagent.fleet.FleetSimulator;
import io.computenet.nodeagent.fleet.SimulatedNode;
import io.computenet.nodeagent.identity.IdentityStore;
import io.computenet.nodeagent.publish.InventoryPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Load harness for the whole lease path: how many leases per second does one scheduler create, end to end through
 * REST, PostgreSQL and Kafka, and where does the time go?
 *
 * <p>It starts the real components the way the devstack does, on free ports: PostgreSQL 17 from the embedded
 * binaries (with {@code pg_stat_statements} preloaded), a Kafka broker in its own JVM, one Kubernetes API stand-in
 * per region, and the scheduler from its packaged fast-jar in its own JVM with the devstack's configuration and JVM
 * flags ({@link ServiceProcess}). It enrols a simulated fleet through the scheduler's enrolment API (one-time tokens,
 * then one exchange per node) and runs the node agent's own publisher for it, so every inventory record and heartbeat
 * is signed and goes through Kafka and the scheduler's record checks. When the scheduler's capacity shows the whole
 * fleet free, {@code concurrency} closed-loop HTTP clients create leases ({@code POST /internal/v1/leases}, the mix
 * of {@link LeaseMix}) and release each one at once, first for a warm-up, then for the measured phase.</p>
 *
 * <p>It prints progress lines, then: leases created per second, create and release latency percentiles (client
 * side), errors by status, and where the time goes: the scheduler's own timers from {@code /q/metrics} (HTTP server,
 * allocation lock wait and hold, admission, snapshot read, planner), PostgreSQL's statements by execution time
 * ({@code pg_stat_statements}), the outbox relay's lag to Kafka (sampled by a consumer), and the CPU of each process.
 * The last line is machine-readable: {@code RESULT leases_per_s=... create_p99_ms=... release_p99_ms=... errors=...
 * nodes=... concurrency=...}.</p>
 *
 * <p>This is a benchmark, not a test: it never runs in {@code verify}. Everything shares one machine with the
 * harness's own clients, so on a small machine read the CPU section before the rates.</p>
 */
public final class LeaseLoadHarness implements HarnessMain.Harness {

    /** The first issue's target. */
    static final double TARGET_LEASES_PER_S = 1000;
    static final double TARGET_P99_MS = 50;
    /** Issue 22 item 6: machine CPU per lease created and released (every process of the run, pgbench aside). */
    static final double TARGET_CPU_MS_PER_LEASE = 2.5;
    /** The open loop holds its rate when this share of the scheduled creates was created within the window. */
    static final double RATE_HELD = 0.97;
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LeaseLoadOptions options;
    /** The portal's service token, for the scheduler's internal API. */
    private ServiceToken token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** What was started, closed in reverse order (also by the shutdown hook on Ctrl-C). */
    private final StartedComponents started = new StartedComponents();

    private LeaseLoadHarness(LeaseLoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        HarnessMain.run("lease load harness", args, LeaseLoadOptions::parse, LeaseLoadOptions.USAGE, LeaseLoadHarness::new);
    }

    @Override
    public int run() throws Exception {
        boolean temporary = options.workDir().isEmpty();
        Path workDir = options.workDir().orElseGet(() -> {
            try {
                return Files.createTempDirectory("lease-load-harness");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toAbsolutePath();
        Path home = options.home().toAbsolutePath().normalize();
        try {
            printMachine();
            return drive(home, workDir);
        } finally {
            closeAll();
            if (temporary && !options.keepWorkDir()) {
                Directories.deleteTree(workDir);
            } else {
                System.out.println("work directory kept: " + workDir + " (scheduler log: "
                        + workDir.resolve("logs/scheduler.log") + ")");
            }
        }
    }

    private int drive(Path home, Path workDir) throws Exception {
        long setupStart = System.nanoTime();
        // --- the components, as the devstack starts them
        step("PostgreSQL (embedded, pg_stat_statements preloaded, " + (options.durable()
                ? "durable: fsync, synchronous_commit and full_page_writes on, as ./computenet up runs it)"
                : "NOT durable: fsync and synchronous_commit off, the embedded server's test settings)"));
        PostgresServer postgres = track(PostgresServer.start(Ports.free(), workDir.resolve("postgres"),
                options.pgbenchClients() > 0 ? List.of("scheduler", PgBench.DATABASE) : List.of("scheduler"),
                postgresSettings(options.durable())));
        PgStats pg = track(new PgStats(postgres.port(), PostgresServer.USER, "postgres"));
        PgBench pgbench = options.pgbenchClients() == 0 ? null
                : PgBench.prepare(postgres.port(), PostgresServer.USER, "postgres", options.pgbenchScale());
        if (pgbench != null) {
            track(pgbench);
        }
        step("Kafka broker");
        KafkaBroker kafka = track(KafkaBroker.start(home.resolve(options.brokerLibs()), workDir.resolve("kafka"),
                Ports.free(), Ports.free()));
        List<RegionSpec> regions = RegionSpec.demo(0).stream().map(r -> r.withPort(Ports.free())).toList();
        Map<String, RegionalCluster> clusters = new LinkedHashMap<>();
        for (RegionSpec r : regions) {
            clusters.put(r.id(), track(RegionalCluster.start(r.id(), r.kubernetesPort())));
        }
        step("scheduler (" + home.resolve("scheduler/target/quarkus-app/quarkus-run.jar") + ", -Xmx"
                + options.schedulerHeap() + ", the devstack's JVM flags)");
        Map<String, String> config = DevStack.schedulerConfig(kafka, postgres, regions, clusters,
                Duration.ofMinutes(2), DevStack.newMasterKey());
        // the internal API takes service tokens only: the harness calls it as the portal does
        ServiceClients serviceClients = ServiceClients.generate();
        KeycloakServer keycloak = track(DevStack.startKeycloak(home, workDir.resolve("logs/keycloak.log"),
                serviceClients));
        config.putAll(ServiceClients.calleeConfig(keycloak.realmUrl(DevStack.REALM)));
        token = new ServiceToken(keycloak.realmUrl(DevStack.REALM), ServiceClients.PORTAL,
                serviceClients.portalSecret());
        ServiceProcess scheduler = track(ServiceProcess.launch(home, "scheduler", Ports.free(), config,
                workDir.resolve("logs"), options.schedulerHeap()));
        scheduler.awaitReady(Duration.ofMinutes(3));
        String url = scheduler.url();
        System.out.printf("  PostgreSQL %s; Kafka %s; Kubernetes stand-ins %s; scheduler %s (pid %d)%n",
                pg.settings(), kafka.bootstrapServers(), clusters.values().stream().map(RegionalCluster::url).toList(),
                url, scheduler.pid());

        // --- the fleet: enrolled through the scheduler's API, published by the node agent's own publisher
        List<SimulatedNode> fleet = new FleetSimulator().fleet(options.nodes(), AgentPublishHarness.REGIONS.stream()
                .map(FleetSimulator.Placement::parse).toList(), AgentPublishHarness.OPERATOR, AgentPublishHarness.SEED);
        // each node's kubelet has registered its Node: lease Pods are created only on Nodes of their cluster
        fleet.forEach(n -> clusters.get(n.region()).registerNode(n.hostname()));
        int devices = fleet.stream().mapToInt(n -> n.devices().size()).sum();
        System.out.println("enrolling " + fleet.size() + " nodes (" + devices + " devices): tokens, then one exchange"
                + " per node ...");
        Path spool = workDir.resolve("agent/spool");
        new FleetEnroller(url, AgentPublishHarness.OPERATOR, token).enrol(fleet,
                new IdentityStore(spool.resolveSibling("identity")), 4);
        step("the node agent's publisher for the fleet (inventory, then heartbeats every " + HEARTBEAT.toSeconds()
                + " s)");
        InventoryPublisher agent = new InventoryPublisher(AgentPublishHarness.simulateConfig(options.nodes(),
                HEARTBEAT, spool), kafka.clientConfig(KafkaAccess.AGENT), new SimpleMeterRegistry());
        agent.start();
        track(agent::stop);
        awaitFleet(url, fleet.size(), devices);
        System.out.printf("  the scheduler has the fleet: %,d nodes, %,d devices free (set-up took %.0f s)%n",
                fleet.size(), devices, (System.nanoTime() - setupStart) / 1e9);

        // --- the load
        LeaseEventLag lag = track(new LeaseEventLag(kafka.clientConfig(KafkaAccess.BILLING))); // reads as billing
        PgBench tpcb = pgbench;
        // pgbench's client and the backends serving it are pgbench's, not PostgreSQL's
        java.util.function.Supplier<java.util.Set<Long>> pgbenchBackends = tpcb == null ? java.util.Set::of
                : () -> pg.backends(PgBench.DATABASE);
        CpuSampler cpu = new CpuSampler()
                .process("scheduler", scheduler.pid())
                .process("postgres", postgres.pid().orElse(-1L), pgbenchBackends)
                .process("kafka", kafka.pid())
                .processes("pgbench", () -> PgBench.processes(tpcb, pgbenchBackends.get()))
                .threads("clients", n -> n.startsWith("lease-client-") || n.startsWith("HttpClient-"))
                .threads("agent", n -> n.startsWith("agent-") || n.contains("computenet-node-agent"))
                .threads("k8s", n -> n.startsWith("kubelet-sim") || n.contains("vert.x"))
                .threads("harness", n -> true);
        LeaseLoadDriver driver = new LeaseLoadDriver(url, options, token);
        System.out.printf("%nload: %s, %d s warm-up, then %,d leases (at most %d s), %d tenant(s); each lease released"
                        + " as soon as it is created%s%n", options.openLoop()
                        ? String.format(Locale.ROOT, "open loop, %.0f creates/s on a fixed schedule (latency from"
                        + " each one's scheduled time)", options.arrivalRate())
                        : options.concurrency() + " closed-loop clients",
                options.warmup().toSeconds(), options.leases(), options.maxDuration().toSeconds(), options.tenants(),
                tpcb == null ? "" : "; pgbench TPC-B with " + options.pgbenchClients() + " clients on the same"
                        + " PostgreSQL during the measured phase");
        System.out.println("CPU columns: share of one core (100% = one core busy) over the line's interval;"
                + " harness = this JVM's other threads, its JIT compilers and GC; other = the machine's busy time"
                + " not used by any part of the run");
        driver.start();
        Progress progress = new Progress(driver, cpu, options.reportEvery());
        progress.runFor("warm-up", options.warmup(), () -> false);

        if (tpcb != null) {
            tpcb.start(options.pgbenchClients(), options.maxDuration().plusSeconds(90));
            PgBench.awaitClients(pg, options.pgbenchClients());
        }
        long scrapedBefore = System.nanoTime();
        PrometheusScrape before = scrape(url);
        CpuSampler.Sample cpuBefore = cpu.sample();
        pg.reset();
        Map<String, Long> dbBefore = pg.databaseCounters();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Instant measureStart = Instant.now();
        lag.window(measureStart, Instant.MAX);
        long t0 = System.nanoTime();
        driver.measure();
        progress.runFor("measure", options.maxDuration(), driver::finished);
        // the rate is over the window; the requests still in flight at its end finish (and count for latency)
        double seconds = (System.nanoTime() - t0) / 1e9;
        long createdInWindow = driver.createdMeasured();
        int queuedAtEnd = driver.queued();
        driver.stop();
        double drainSeconds = (System.nanoTime() - t0) / 1e9 - seconds;
        Instant measureEnd = Instant.now();
        lag.window(measureStart, measureEnd);
        CpuSampler.Sample cpuAfter = cpu.sample();
        double tpcbTps = tpcb == null ? Double.NaN : tpcb.tpsBetween(t0, t0 + (long) (seconds * 1e9));
        if (tpcb != null) {
            tpcb.close();
        }
        PrometheusScrape after = scrape(url);
        Map<String, Long> dbAfter = pg.databaseCounters();
        // the scheduler's, PostgreSQL's and the CPU figures cover the window and the drain after it
        double span = (System.nanoTime() - scrapedBefore) / 1e9;
        List<PgStats.TopStatement> statements = pg.top(12);
        double[] pgTotals = pg.totals();
        long outboxAtEnd = pg.outboxBacklog();
        long[] reconcileAtEnd = pg.reconcileBacklog();
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long drainStart = System.nanoTime();
        Duration drained = awaitRelay(pg, lag, measureEnd);
        Histogram[] last = driver.interval();
        progress.create.add(last[0]);
        progress.release.add(last[1]);

        // --- the report
        LatencySummary create = LatencySummary.of(progress.create);
        LatencySummary release = LatencySummary.of(progress.release);
        double rate = createdInWindow / seconds;
        System.out.printf("%n=== measured phase: %.1f s (then %.1f s for the requests in flight to finish), %,d"
                        + " requests sent, %,d leases created and released ===%n", seconds, drainSeconds,
                driver.sentMeasured(), driver.createdMeasured());
        System.out.printf("leases created: %.1f /s%s%n", rate, options.openLoop()
                ? String.format(Locale.ROOT, " of %.0f /s scheduled: rate %s", options.arrivalRate(),
                rateHeld(rate, options.arrivalRate()) ? "HELD" : "NOT HELD")
                : " (closed loop, " + options.concurrency() + " clients: this machine's maximum at that concurrency)");
        System.out.printf("PostgreSQL settings: %s%n", pg.settings());
        System.out.println(PgBench.reportLine(tpcb != null, options.pgbenchClients(), options.pgbenchScale(), rate,
                tpcbTps));
        System.out.println("create  (client side" + (options.openLoop() ? ", from the scheduled time" : "") + "): "
                + create.format() + "; p99.9 " + LatencySummary.num(progress.create.getValueAtPercentile(99.9)
                / 1000.0) + " ms");
        System.out.println("release (client side): " + release.format());
        if (options.openLoop()) {
            System.out.println("creates sent after their scheduled time (no free client): "
                    + LatencySummary.of(driver.sendLag()).format() + "; still queued at the end of the window (never"
                    + " sent, dropped): " + queuedAtEnd + "; warm-up creates still queued when it began (dropped): "
                    + driver.warmupBacklog());
        }
        Map<String, Long> errors = driver.errors();
        System.out.println("errors: " + (errors.isEmpty() ? "none" : errors));
        driver.firstErrorBodies().forEach((k, body) -> System.out.println("  first '" + k + "': " + body));
        unexpectedFailures(scheduler.logFile()).forEach((cause, n) -> System.out.printf(
                "  scheduler log, %d x unexpected failure: %s%n", n, cause));

        System.out.printf("%n--- scheduler, from its /q/metrics (two scrapes %.1f s apart, around the measured phase)"
                + " ---%n", span);
        schedulerSection(before, after, span);

        System.out.printf("%n--- PostgreSQL (%s) ---%n", pg.settings());
        PgStats.report(dbBefore, dbAfter, statements, pgTotals, span, driver.createdMeasured());

        System.out.printf("%n--- outbox relay to Kafka (consumer on %s) ---%n", Topics.LEASE_EVENTS);
        System.out.println("lease.scheduled, lease creation -> relay hands it to Kafka (record timestamp): "
                + lag.relayToKafka().format());
        System.out.println("lease.scheduled, lease creation -> read by a consumer:                        "
                + lag.scheduledToConsumer().format());
        System.out.println("lease.ended,     release        -> read by a consumer:                        "
                + lag.endedToConsumer().format());
        System.out.printf("outbox rows not yet relayed when the measured phase ended: %,d; relayed %s after it"
                        + " (undecodable records: %d)%n", outboxAtEnd,
                drained == null ? "NOT within 30 s" : "within " + drained.toMillis() + " ms", lag.undecodable());
        System.out.printf("reconciler backlog at the end: %,d ended leases whose Pod is still to delete, %,d live"
                + " leases%n", reconcileAtEnd[0], reconcileAtEnd[1]);

        double cpuSeconds = (cpuAfter.nanos() - cpuBefore.nanos()) / 1e9;
        System.out.printf("%n--- CPU over the measured phase and its drain, %.1f s (%d cores; load average %.1f ->"
                + " %.1f) ---%n", cpuSeconds, cpu.cpus(), loadBefore, loadAfter);
        Map<String, Double> shares = CpuSampler.shares(cpuBefore, cpuAfter);
        System.out.println(CpuSampler.format(shares, k -> k));
        double runCpuMs = Double.NaN;
        if (driver.createdMeasured() > 0) {
            Map<String, Double> perLease = new LinkedHashMap<>();
            shares.forEach((k, v) -> perLease.put(k, v / 100 * cpuSeconds * 1000 / driver.createdMeasured()));
            System.out.println("CPU ms per lease created and released: " + String.join("  ", perLease.entrySet()
                    .stream().map(e -> String.format("%s %.2f", e.getKey(), e.getValue())).toList()));
            runCpuMs = runCpuPerLease(perLease);
            System.out.printf("machine CPU per lease, every process of the run counted (scheduler, PostgreSQL, Kafka,"
                    + " this harness), pgbench and other users aside: %.2f ms (target <= %.1f)%s%n", runCpuMs,
                    TARGET_CPU_MS_PER_LEASE, tpcb == null || Double.isNaN(tpcbTps) ? "" : String.format(Locale.ROOT,
                    "; pgbench used %.2f ms per TPC-B transaction (its client and backends)",
                    perLease.get("pgbench") * driver.createdMeasured() / (tpcbTps * seconds)));
        }

        long errorCount = driver.measuredErrors();
        boolean met = runCpuMs <= TARGET_CPU_MS_PER_LEASE && errorCount == 0 && (!options.openLoop()
                || rateHeld(rate, options.arrivalRate()) && create.p99Ms() < TARGET_P99_MS);
        System.out.printf("%nTARGET (issue 22 item 6: <= %.1f ms machine CPU per lease%s, no errors): %s%n",
                TARGET_CPU_MS_PER_LEASE, options.openLoop() ? String.format(Locale.ROOT, ", the open loop's %.0f /s"
                        + " held with create p99 < %.0f ms", options.arrivalRate(), TARGET_P99_MS) : "",
                met ? "MET" : "MISSED");
        System.out.println(resultLine(rate, create.p99Ms(), release.p99Ms(), errorCount, options.nodes(),
                options.concurrency()) + String.format(Locale.ROOT, " arrival_rate=%.0f durable=%s tpcb_tps=%s"
                        + " leases_per_tpcb=%s cpu_ms_per_lease=%.2f create_p999_ms=%.1f", options.arrivalRate(),
                options.durable(), PgBench.format(tpcbTps), PgBench.ratio(rate, tpcbTps), runCpuMs,
                progress.create.getValueAtPercentile(99.9) / 1000.0));
        return met ? 0 : 1;
    }

    /** PostgreSQL's settings for the run: pg_stat_statements, and durable or the embedded test defaults. */
    static Map<String, String> postgresSettings(boolean durable) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("shared_preload_libraries", "pg_stat_statements",
                "pg_stat_statements.track", "all"));
        if (durable) {
            settings.putAll(PostgresServer.DURABLE);
        }
        return settings;
    }

    /** Whether the open loop created at least {@link #RATE_HELD} of the rate it scheduled. */
    static boolean rateHeld(double rate, double scheduled) {
        return rate >= scheduled * RATE_HELD;
    }

    /** The CPU per lease of every part of the run (not pgbench, not other users, not the machine total). */
    static double runCpuPerLease(Map<String, Double> perLease) {
        return perLease.entrySet().stream().filter(e -> !List.of("pgbench", "other", "machine").contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The scheduler's logged 500s ({@code unexpected failure: ...}) by their first words, e.g. pool timeouts. */
    static Map<String, Integer> unexpectedFailures(Path log) {
        Map<String, Integer> causes = new java.util.TreeMap<>();
        try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.UTF_8)) {
            lines.filter(l -> l.contains("unexpected failure: ")).forEach(l -> {
                String cause = l.substring(l.indexOf("unexpected failure: ") + 20);
                causes.merge(cause.length() > 140 ? cause.substring(0, 137) + "..." : cause, 1, Integer::sum);
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            causes.put("(cannot read " + log + ": " + e.getMessage() + ")", 0);
        }
        return causes;
    }

    /** The last line, for scripts: {@code RESULT leases_per_s=812.3 create_p99_ms=41.2 ...}. */
    static String resultLine(double leasesPerS, double createP99Ms, double releaseP99Ms, long errors, int nodes,
                             int concurrency) {
        return String.format(Locale.ROOT, "RESULT leases_per_s=%.1f create_p99_ms=%.1f release_p99_ms=%.1f errors=%d"
                + " nodes=%d concurrency=%d", leasesPerS, createP99Ms, releaseP99Ms, errors, nodes, concurrency);
    }

    private void schedulerSection(PrometheusScrape before, PrometheusScrape after, double seconds) {
        Predicate<Map<String, String>> create = l -> "POST".equals(l.get("method"))
                && "/internal/v1/leases".equals(l.get("uri"));
        Predicate<Map<String, String>> release = l -> "POST".equals(l.get("method"))
                && String.valueOf(l.get("uri")).endsWith("/release");
        Predicate<Map<String, String>> request = l -> "request".equals(l.get("path"));
        System.out.println("                                       calls    mean ms   p50 ms   p99 ms   busy (sum of"
                + " time / wall)");
        row("HTTP POST /internal/v1/leases (server)", PrometheusScrape.TimerWindow.between(before, after,
                "http_server_requests_seconds", create), seconds);
        row("HTTP POST .../{id}/release (server)", PrometheusScrape.TimerWindow.between(before, after,
                "http_server_requests_seconds", release), seconds);
        PrometheusScrape.TimerWindow wait = PrometheusScrape.TimerWindow.between(before, after,
                "computenet_scheduler_allocation_lock_wait_seconds", request);
        PrometheusScrape.TimerWindow held = PrometheusScrape.TimerWindow.between(before, after,
                "computenet_scheduler_allocation_lock_held_seconds", request);
        row("  allocation lock: wait", wait, seconds);
        row("  allocation lock: held until commit", held, seconds);
        PrometheusScrape.TimerWindow admission = PrometheusScrape.TimerWindow.between(before, after,
                "computenet_scheduler_admission_seconds", request);
        PrometheusScrape.TimerWindow snapshot = PrometheusScrape.TimerWindow.between(before, after,
                "computenet_scheduler_snapshot_seconds", request);
        PrometheusScrape.TimerWindow planner = PrometheusScrape.TimerWindow.between(before, after,
                "computenet_scheduler_placement_seconds", request);
        row("    admission (tenant budget, quotas)", admission, seconds);
        row("    capacity model refresh + snapshot", snapshot, seconds);
        row("    planner", planner, seconds);
        if (held.count() > 0) {
            // per call of each; with batches the lock and the snapshot are taken once per batch, so per lease created
            double rest = (sum(held) - sum(admission) - sum(snapshot) - sum(planner)) / Math.max(1, held.count());
            System.out.printf("%-38s %7s %10s   (per hold: held minus the three above: insert the leases, mark their"
                    + " devices, outbox rows, commit)%n", "    the rest under the lock", "", LatencySummary.num(rest));
        }
        PrometheusScrape.TimerWindow queue = PrometheusScrape.TimerWindow.between(before, after,
                "computenet_scheduler_allocation_lock_held_seconds", l -> "queue".equals(l.get("path")));
        if (queue.count() > 0) {
            row("  allocation lock held by the queue pass", queue, seconds);
        }
        row("JVM GC pauses", PrometheusScrape.TimerWindow.between(before, after, "jvm_gc_pause_seconds",
                l -> true), seconds);
        // a distribution summary, not a timer: its "ms" are the batch sizes times 1000
        PrometheusScrape.TimerWindow batches = PrometheusScrape.TimerWindow.between(before, after,
                "computenet_scheduler_lease_batch_size", l -> true);
        long creates = PrometheusScrape.TimerWindow.between(before, after, "http_server_requests_seconds", create)
                .count();
        if (batches.count() > 0) {
            System.out.printf("lease requests created per allocation transaction (batch): mean %.1f, p50 %.0f, p99 %.0f"
                    + " over %d batches%n", batches.meanMs() / 1000, batches.p50Ms() / 1000, batches.p99Ms() / 1000,
                    batches.count());
        }
        if (held.count() > 0 && !Double.isNaN(held.meanMs()) && creates > 0) {
            double perLease = held.count() * held.meanMs() / creates;
            System.out.printf("the allocation lock serialises every create: at %.2f ms held per lease created, one"
                            + " scheduler (or several) can create at most %.0f leases/s; it was held %.0f%% of the"
                            + " time%n", perLease, 1000 / perLease, held.count() * held.meanMs() / 10 / seconds);
        }
    }

    private static double sum(PrometheusScrape.TimerWindow w) {
        return w.count() == 0 || Double.isNaN(w.meanMs()) ? 0 : w.count() * w.meanMs();
    }

    private static void row(String name, PrometheusScrape.TimerWindow w, double seconds) {
        double busy = Double.isNaN(w.meanMs()) ? 0 : w.count() * w.meanMs() / 1000 / seconds;
        System.out.printf("%-38s %7d %10s %8s %8s   %.2f%n", name, w.count(), LatencySummary.num(w.meanMs()),
                LatencySummary.num(w.p50Ms()), LatencySummary.num(w.p99Ms()), busy);
    }

    /** Waits until the outbox is empty and the consumer has read past the measured phase; null after 30 s. */
    private static Duration awaitRelay(PgStats pg, LeaseEventLag lag, Instant measureEnd) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
            if (pg.outboxBacklog() == 0 && !lag.lastSeen().isBefore(measureEnd.minusSeconds(1))) {
                Thread.sleep(500); // what the relay sent last reaches the consumer
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(100);
        }
        return null;
    }

    private void awaitFleet(String url, int nodes, int devices) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        String last = "";
        while (System.nanoTime() < deadline) {
            JsonNode lines = JSON.readTree(get(url + "/internal/v1/capacity"));
            int n = 0;
            int total = 0;
            int free = 0;
            for (JsonNode l : lines) {
                n += l.path("nodes").asInt();
                total += l.path("totalDevices").asInt();
                free += l.path("freeDevices").asInt();
            }
            last = n + " nodes, " + total + " devices, " + free + " free";
            if (n == nodes && total == devices && free == devices) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the scheduler did not get the whole fleet within 3 minutes: " + last);
    }

    private PrometheusScrape scrape(String url) throws IOException, InterruptedException {
        return PrometheusScrape.parse(get(url + "/q/metrics"));
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", token.authorization()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode());
        }
        return r.body();
    }

    static void printMachine() {
        String model = "";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux: the core count is enough
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("machine: %d cores (%s), %d GiB memory, load average %.1f; harness JVM %s%n",
                Runtime.getRuntime().availableProcessors(), model, os.getTotalMemorySize() >> 30,
                os.getSystemLoadAverage(), System.getProperty("java.vm.version"));
    }

    private static void step(String what) {
        System.out.println("starting " + what + " ...");
    }

    private <T extends AutoCloseable> T track(T component) {
        return started.track(component);
    }

    @Override
    public void closeAll() {
        started.closeAll();
    }

    /** Progress lines during the run, and the measured phase's latencies accumulated from them. */
    private static final class Progress {

        private final LeaseLoadDriver driver;
        private final CpuSampler cpu;
        final Histogram create = LatencySummary.newHistogram();
        final Histogram release = LatencySummary.newHistogram();
        private long lastCreated;
        private CpuSampler.Sample lastCpu;
        private final long start = System.nanoTime();
        private final long reportMillis;
        private boolean headerPrinted;

        Progress(LeaseLoadDriver driver, CpuSampler cpu, Duration reportEvery) {
            this.driver = driver;
            this.cpu = cpu;
            this.reportMillis = reportEvery.toMillis();
            this.lastCpu = cpu.sample();
        }

        /** Prints a line every report interval for {@code length}, or until {@code done}. */
        void runFor(String phase, Duration length, java.util.function.BooleanSupplier done)
                throws InterruptedException {
            long end = System.nanoTime() + length.toNanos();
            long every = 0;
            while (System.nanoTime() < end && !done.getAsBoolean()) {
                long next = System.nanoTime() + Math.min(TimeUnit.MILLISECONDS.toNanos(200), end - System.nanoTime());
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                every += 200;
                if (every >= reportMillis || System.nanoTime() >= end || done.getAsBoolean()) {
                    every = 0;
                    line(phase);
                }
            }
        }

        private void line(String phase) {
            if (!headerPrinted) {
                System.out.println("   time  phase     created   /s   create p50    p99 ms  release p50    p99 ms"
                        + "  errors  cpu");
                headerPrinted = true;
            }
            Histogram[] h = driver.interval();
            if ("measure".equals(phase)) {
                create.add(h[0]);
                release.add(h[1]);
            }
            CpuSampler.Sample now = cpu.sample();
            double seconds = (now.nanos() - lastCpu.nanos()) / 1e9;
            long created = driver.created();
            LatencySummary c = LatencySummary.of(h[0]);
            LatencySummary r = LatencySummary.of(h[1]);
            System.out.printf("%6.0fs  %-8s %8d %5.0f   %9s %8s   %9s %8s  %6d  %s%n", (now.nanos() - start) / 1e9,
                    phase, created, (created - lastCreated) / seconds, LatencySummary.num(c.p50Ms()),
                    LatencySummary.num(c.p99Ms()), LatencySummary.num(r.p50Ms()), LatencySummary.num(r.p99Ms()),
                    driver.errors().values().stream().mapToLong(Long::longValue).sum(),
                    CpuSampler.format(CpuSampler.shares(lastCpu, now), LeaseLoadHarness.Progress::shortName));
            lastCreated = created;
            lastCpu = now;
        }

        private static String shortName(String part) {
            return switch (part) {
                case "scheduler" -> "sched";
                case "postgres" -> "pg";
                case "pgbench" -> "tpcb";
                case "machine" -> "all";
                default -> part;
            };
        }
    }
}
