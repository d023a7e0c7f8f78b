package io.computenet.benchmarks;

import io.computenet.devstack.ServiceClients;
import io.computenet.devstack.KeycloakServer;
import io.computenet.devstack.testing.ServiceToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.devstack.DevStack;
import io.computenet.devstack.Directories;
import io.computenet.devstack.KafkaBroker;
import io.computenet.devstack.Ports;
import io.computenet.devstack.PostgresServer;
import io.computenet.devstack.RegionSpec;
import io.computenet.devstack.ServiceProcess;
import io.computenet.nodeagent.fleet.FleetSimulator;
import io.computenet.nodeagent.fleet.SimulatedNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long does the scheduler take to have its capacity model back after a restart? The scheduler issue's target:
 * "a live model ... rebuilt from PostgreSQL plus the inventory stream after a restart (target: 10,000 nodes back in
 * under 5 s)".
 *
 * <p>It starts PostgreSQL 17 (embedded binaries), a Kafka broker and the scheduler's packaged fast-jar as the devstack
 * and {@link LeaseLoadHarness} do, on free ports, so Flyway creates the schema, and stops the scheduler. It then
 * writes a fleet straight into the scheduler's database with {@code COPY}: {@code FleetSimulator}'s nodes and devices
 * (with the slice profile tables their agents report, as the scheduler stores them), their node identities and
 * enrolled devices, and live leases ({@link RestartFleet}: whole devices and slices cut by the placement core's own
 * arithmetic). Each live lease gets its Pod, already {@code Running}, in its region's Kubernetes stand-in (the Fabric8
 * mock API server; unlike the devstack's {@code RegionalCluster} without the kubelet simulation, which would list
 * tens of thousands of Pods every 300 ms on the harness's cores), so a restarted scheduler finds what a real one
 * finds and its reconciler leaves the leases alone.</p>
 *
 * <p>Then it starts the scheduler on that database {@code restarts} times and measures each start: process start to
 * {@code /q/health/ready}; the whole read of the capacity model, from the scheduler's own log line
 * ({@code capacity model read whole: N nodes, M devices in X ms}) and when it was written; Quarkus's own "started in";
 * and process start until {@code GET /internal/v1/capacity} shows every node and device with the expected number of
 * free devices. Last line: {@code RESULT nodes=... devices=... model_read_ms=... ready_ms=... capacity_ms=...}
 * (medians); exit code 0 when the median model read is under 5 s, 1 when not, 2 for bad options, 3 when the set-up
 * failed.</p>
 *
 * <p>Nodes are written with {@code last_seen_at} = now (again before every start), and the scheduler gets a heartbeat
 * and node-failure timeout of 30 minutes: no agent publishes heartbeats here, and silence must not fail the leases
 * while the harness runs. A benchmark, not a test: it never runs in {@code verify}.</p>
 */
public final class SchedulerRestartHarness implements HarnessMain.Harness {

    /** The target for the model read. */
    static final long TARGET_MS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchedulerRestartOptions options;
    /** The portal's service token, for the scheduler's internal API. */
    private ServiceToken token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** What was started, closed in reverse order (also by the shutdown hook on Ctrl-C). */
    private final StartedComponents started = new StartedComponents();

    private SchedulerRestartHarness(SchedulerRestartOptions options) {
        this.options = options;
    }

    /** One measured start. */
    record Restart(long readyMs, long capacityMs, long firstCapacityCallMs, long modelReadMs, long modelDoneMs,
                   double quarkusStartedS, double cpuS, double gcS, long gcPauses, boolean stable) {
    }

    public static void main(String[] args) {
        HarnessMain.run("scheduler restart harness", args, SchedulerRestartOptions::parse, SchedulerRestartOptions.USAGE, SchedulerRestartHarness::new);
    }

    @Override
    public int run() throws Exception {
        boolean temporary = options.workDir().isEmpty();
        Path workDir = options.workDir().orElseGet(() -> {
            try {
                return Files.createTempDirectory("scheduler-restart-harness");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toAbsolutePath();
        Path home = options.home().toAbsolutePath().normalize();
        try {
            LeaseLoadHarness.printMachine();
            return drive(home, workDir);
        } finally {
            closeAll();
            if (temporary && !options.keepWorkDir()) {
                Directories.deleteTree(workDir);
            } else {
                System.out.println("work directory kept: " + workDir + " (scheduler logs under "
                        + workDir.resolve("logs") + ")");
            }
        }
    }

    private int drive(Path home, Path workDir) throws Exception {
        // --- the components, as the devstack starts them (the Kubernetes stand-ins without the kubelet simulation)
        step("PostgreSQL (embedded)");
        PostgresServer postgres = track(PostgresServer.start(Ports.free(), workDir.resolve("postgres"),
                List.of("scheduler")));
        step("Kafka broker");
        KafkaBroker kafka = track(KafkaBroker.start(home.resolve(options.brokerLibs()), workDir.resolve("kafka"),
                Ports.free(), Ports.free()));
        List<RegionSpec> regions = RegionSpec.demo(0);
        Map<String, KubernetesMockServer> clusters = new LinkedHashMap<>();
        for (RegionSpec r : regions) {
            KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(List.of()), false);
            server.init(InetAddress.getByName("127.0.0.1"), Ports.free());
            clusters.put(r.id(), server);
            track(server::destroy);
        }
        Map<String, String> config = schedulerConfig(kafka, postgres, regions, clusters);
        // the internal API takes service tokens only: the harness reads capacity as the portal does
        ServiceClients serviceClients = ServiceClients.generate();
        KeycloakServer keycloak = track(DevStack.startKeycloak(home, workDir.resolve("logs/keycloak.log"),
                serviceClients));
        config.putAll(ServiceClients.calleeConfig(keycloak.realmUrl(DevStack.REALM)));
        token = new ServiceToken(keycloak.realmUrl(DevStack.REALM), ServiceClients.PORTAL,
                serviceClients.portalSecret());
        step("scheduler on the empty database (Flyway creates the schema)");
        Path logs = workDir.resolve("logs");
        long t0 = System.nanoTime();
        try (ServiceProcess first = ServiceProcess.launch(home, "scheduler", Ports.free(), config,
                logs.resolve("schema"), options.schedulerHeap())) {
            first.awaitReady(Duration.ofMinutes(3));
            System.out.printf("  ready in %,d ms (empty database); PostgreSQL on %d, Kafka %s, Kubernetes stand-ins"
                    + " %s%n", (System.nanoTime() - t0) / 1_000_000, postgres.port(), kafka.bootstrapServers(),
                    clusters.values().stream().map(s -> "http://127.0.0.1:" + s.getPort()).toList());
        }

        // --- the fleet, written straight into the database
        List<SimulatedNode> nodes = new FleetSimulator().fleet(options.nodes(), AgentPublishHarness.REGIONS.stream()
                .map(FleetSimulator.Placement::parse).toList(), AgentPublishHarness.OPERATOR, options.seed());
        long planStart = System.nanoTime();
        RestartFleet fleet = RestartFleet.of(nodes, options.leased(), options.seed());
        System.out.printf("fleet (seed %d, --leased %.2f; planned in %,d ms): %s%n", options.seed(), options.leased(),
                (System.nanoTime() - planStart) / 1_000_000, fleet.describe());
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl("scheduler"), PostgresServer.USER,
                "postgres")) {
            RestartFleetCopy.fill(db, fleet);
            int devices = fleet.devices().size();
            long expectedFree = fleet.freeDevices();
            RestartPods.create(clusters, fleet);

            // --- the measured starts
            System.out.printf("%nrestarts: the scheduler started %d times on this database (heap -Xmx%s, the"
                    + " devstack's JVM flags); expecting %,d nodes, %,d devices, %,d free%n", options.restarts(),
                    options.schedulerHeap(), nodes.size(), devices, expectedFree);
            System.out.println("  #   ready ms  model read ms  model done at ms  quarkus started s  capacity ms"
                    + "  (1st GET ms)  scheduler CPU s  GC s (pauses)  still right 5 s later  load avg");
            List<Restart> runs = new ArrayList<>();
            for (int i = 1; i <= options.restarts(); i++) {
                touchNodes(db);
                Restart r = restart(home, config, logs.resolve("restart-" + i), nodes.size(), devices, expectedFree);
                runs.add(r);
                System.out.printf("%3d %10d %14d %17d %18.2f %12d %13d %16.1f %8.2f (%3d) %22s %9.1f%n", i,
                        r.readyMs(), r.modelReadMs(), r.modelDoneMs(), r.quarkusStartedS(), r.capacityMs(),
                        r.firstCapacityCallMs(), r.cpuS(), r.gcS(), r.gcPauses(), r.stable() ? "yes" : "NO",
                        loadAverage());
            }
            System.out.println("lease states after the restarts: " + leaseStates(db));

            // --- the summary
            System.out.println();
            System.out.println("                      min   median      max   (ms, over " + runs.size() + " starts)");
            summaryRow("process start -> ready", runs.stream().mapToLong(Restart::readyMs).toArray());
            summaryRow("model read (its log line)", runs.stream().mapToLong(Restart::modelReadMs).toArray());
            summaryRow("process start -> model read", runs.stream().mapToLong(Restart::modelDoneMs).toArray());
            summaryRow("process start -> capacity", runs.stream().mapToLong(Restart::capacityMs).toArray());
            long modelMedian = median(runs.stream().mapToLong(Restart::modelReadMs).toArray());
            long readyMedian = median(runs.stream().mapToLong(Restart::readyMs).toArray());
            long capacityMedian = median(runs.stream().mapToLong(Restart::capacityMs).toArray());
            boolean met = modelMedian < TARGET_MS;
            System.out.printf("%nTARGET (the model of %,d nodes read whole in under %d s, median): %s; process start"
                    + " to ready %s, to the full capacity %s%n", nodes.size(), TARGET_MS / 1000, met ? "MET"
                    : "MISSED", readyMedian < TARGET_MS ? "also under 5 s" : "over 5 s", capacityMedian < TARGET_MS
                    ? "also under 5 s" : "over 5 s");
            System.out.println(resultLine(nodes.size(), devices, fleet.leases().size(), modelMedian, readyMedian,
                    capacityMedian, runs.size()));
            return met ? 0 : 1;
        }
    }

    /** The devstack's scheduler configuration, on the quiet stand-ins, with long silence timeouts (no agents here). */
    private static Map<String, String> schedulerConfig(KafkaBroker kafka, PostgresServer postgres,
                                                       List<RegionSpec> regions,
                                                       Map<String, KubernetesMockServer> clusters) {
        Map<String, String> c = DevStack.schedulerConfig(kafka, postgres, List.of(), Map.of(), Duration.ofMinutes(2),
                DevStack.newMasterKey());
        for (RegionSpec r : regions) {
            String p = "computenet.scheduler.regions." + r.id() + ".";
            c.put(p + "kubernetes-url", "http://127.0.0.1:" + clusters.get(r.id()).getPort());
            c.put(p + "tier", r.tier());
            c.put(p + "display-name", r.displayName());
        }
        c.put("computenet.scheduler.node-failure-timeout", "30m");
        return c;
    }

    // ------------------------------------------------------------------ one restart

    private Restart restart(Path home, Map<String, String> config, Path logDir, int nodes, int devices,
                            long expectedFree) throws Exception {
        int port = Ports.free();
        LocalTime launchedAt = LocalTime.now();
        long t0 = System.nanoTime();
        ServiceProcess scheduler = ServiceProcess.launch(home, "scheduler", port, config, logDir,
                options.schedulerHeap());
        try {
            String url = scheduler.url();
            long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
            while (!ready(url)) {
                if (!scheduler.isAlive()) {
                    throw new IllegalStateException("the scheduler exited during start; log: " + scheduler.logFile());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the scheduler was not ready within 5 minutes; log: "
                            + scheduler.logFile());
                }
                Thread.sleep(20);
            }
            long readyMs = (System.nanoTime() - t0) / 1_000_000;
            long firstCall = -1;
            String last = "";
            while (true) {
                long c0 = System.nanoTime();
                int[] seen = capacity(url);
                if (firstCall < 0) {
                    firstCall = (System.nanoTime() - c0) / 1_000_000;
                }
                last = seen[0] + " nodes, " + seen[1] + " devices, " + seen[2] + " free";
                if (seen[0] == nodes && seen[1] == devices && seen[2] == expectedFree) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the capacity never showed " + nodes + " nodes, " + devices
                            + " devices, " + expectedFree + " free; last: " + last);
                }
                Thread.sleep(50);
            }
            long capacityMs = (System.nanoTime() - t0) / 1_000_000;
            double cpu = processCpuSeconds(scheduler.pid());
            PrometheusScrape metrics = PrometheusScrape.parse(get(url + "/q/metrics"));
            double gcS = metrics.sum("jvm_gc_pause_seconds_sum", l -> true);
            long gcPauses = Math.round(metrics.sum("jvm_gc_pause_seconds_count", l -> true));
            Thread.sleep(5_000);
            int[] later = capacity(url);
            boolean stable = later[0] == nodes && later[1] == devices && later[2] == expectedFree;
            if (!stable) {
                System.out.printf("  5 s later the capacity shows %d nodes, %d devices, %d free%n", later[0],
                        later[1], later[2]);
            }
            SchedulerStartLog.Times log = SchedulerStartLog.times(
                    Files.readAllLines(scheduler.logFile(), StandardCharsets.UTF_8)).orElseThrow(
                    () -> new IllegalStateException("no 'capacity model read whole' line in " + scheduler.logFile()));
            if (log.modelNodes() != nodes || log.modelDevices() != devices) {
                throw new IllegalStateException("the model read " + log.modelNodes() + " nodes and "
                        + log.modelDevices() + " devices, not " + nodes + " and " + devices);
            }
            return new Restart(readyMs, capacityMs, firstCall, log.modelReadMs(),
                    SchedulerStartLog.millisBetween(launchedAt, log.modelReadAt()), log.quarkusStartedS(), cpu, gcS, gcPauses, stable);
        } finally {
            scheduler.close();
        }
    }

    private boolean ready(String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** Nodes, devices and free devices in the scheduler's capacity summary. */
    private int[] capacity(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/internal/v1/capacity"))
                .header("Authorization", token.authorization()).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return new int[] {-1, -1, -1};
        }
        return tally(JSON.readTree(r.body()));
    }

    /**
     * Nodes, devices and free devices of a capacity summary. A node appears on one line per device model; every node
     * of the simulated fleet has one model, so the lines' node counts add up to the nodes.
     */
    static int[] tally(JsonNode lines) {
        int[] t = new int[3];
        for (JsonNode l : lines) {
            t[0] += l.path("nodes").asInt();
            t[1] += l.path("totalDevices").asInt();
            t[2] += l.path("freeDevices").asInt();
        }
        return t;
    }

    /** Heartbeats do not write the change feed, so this leaves the model's feed alone. */
    private static void touchNodes(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.executeUpdate("update nodes set last_seen_at = now()");
        }
    }

    private static Map<String, Long> leaseStates(Connection db) throws SQLException {
        Map<String, Long> states = new LinkedHashMap<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("select state, count(*) from leases group by state order by state")) {
            while (r.next()) {
                states.put(r.getString(1), r.getLong(2));
            }
        }
        return states;
    }

    /** User + system CPU of a process from {@code /proc/PID/stat}, in seconds (NaN where there is no procfs). */
    static double processCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ)
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    // ------------------------------------------------------------------ the report

    static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void summaryRow(String name, long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        System.out.printf("%-30s %8d %8d %8d%n", name, v[0], median(v), v[v.length - 1]);
    }

    /** The last line, for scripts. */
    static String resultLine(int nodes, int devices, int leases, long modelReadMs, long readyMs, long capacityMs,
                             int restarts) {
        return String.format(Locale.ROOT, "RESULT nodes=%d devices=%d leases=%d model_read_ms=%d ready_ms=%d"
                + " capacity_ms=%d restarts=%d", nodes, devices, leases, modelReadMs, readyMs, capacityMs, restarts);
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
}
