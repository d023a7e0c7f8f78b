package io.computenet.benchmarks;

import io.computenet.devstack.ServiceClients;
import io.computenet.devstack.KeycloakServer;
import io.computenet.devstack.testing.ServiceToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.devstack.DevStack;
import io.computenet.devstack.Directories;
import io.computenet.devstack.KafkaBroker;
import io.computenet.devstack.Ports;
import io.computenet.devstack.PostgresServer;
import io.computenet.devstack.RegionSpec;
import io.computenet.devstack.ServiceProcess;
import io.computenet.nodeagent.fleet.FleetSimulator;
import io.computenet.nodeagent.fleet.SimulatedNode;
import io.computenet.placement.slices.Allocation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    static final String NAMESPACE = "computenet-leases";
    private static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    private static final String LEASE_LABEL = "computenet.io/lease-id";
    private static final String TENANT_LABEL = "computenet.io/tenant";
    private static final String IMAGE = "docker.io/library/python:3.11-slim";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code 12:01:02.345 INFO  [io.co.sc.pl.CapacitySnapshots] capacity model read whole: 10000 nodes, ...}. */
    static final Pattern MODEL_READ = Pattern.compile(
            "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*capacity model read whole: (\\d+) nodes, (\\d+) devices in (\\d+) ms");
    /** Quarkus's {@code ... started in 7.123s. Listening on: ...}. */
    static final Pattern STARTED = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .* started in ([0-9.]+)s");

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

    /** The scheduler's log lines for one start, as read from its log. */
    record LogTimes(long modelNodes, long modelDevices, long modelReadMs, LocalTime modelReadAt, double quarkusStartedS,
                    LocalTime startedAt) {
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
            fill(db, fleet);
            int devices = fleet.devices().size();
            long expectedFree = fleet.freeDevices();
            createPods(clusters, fleet);

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

    // ------------------------------------------------------------------ the fill

    /** Writes the fleet with COPY in one transaction, table by table, and reports how long each took. */
    private static void fill(Connection db, RestartFleet fleet) throws Exception {
        System.out.println("filling the scheduler's database (COPY, one transaction; the capacity triggers fire) ...");
        db.setAutoCommit(false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant startedAt = now.minus(Duration.ofHours(1));
        Instant endsAt = now.plus(Duration.ofHours(23));
        long t0 = System.nanoTime();
        Map<String, Long> took = new LinkedHashMap<>();
        long t = System.nanoTime();
        copy(db, "nodes (node_id, operator_id, region, cluster, hostname, schedulable, last_seen_at, last_event_at)",
                w -> {
                    for (SimulatedNode n : fleet.nodes()) {
                        row(w, n.nodeId(), n.operatorId(), n.region(), n.cluster(), n.hostname(), true, now, now);
                    }
                });
        took.put("nodes", lap(t));
        t = System.nanoTime();
        copy(db, "node_identities (node_id, enrollment_id, organisation, region, cluster, hostname, enrolled_at)",
                w -> {
                    for (SimulatedNode n : fleet.nodes()) {
                        row(w, n.nodeId(), UUID.nameUUIDFromBytes(n.nodeId().getBytes(StandardCharsets.UTF_8)),
                                n.operatorId(), n.region(), n.cluster(), n.hostname(), startedAt.minus(Duration
                                        .ofDays(1)));
                    }
                });
        copy(db, "enrolled_devices (node_id, device_key, vendor, model)", w -> {
            for (SimulatedNode n : fleet.nodes()) {
                for (DeviceInfo d : n.devices()) {
                    row(w, n.nodeId(), d.deviceKey(), d.vendor().name(), d.model());
                }
            }
        });
        took.put("node_identities + enrolled_devices", lap(t));
        t = System.nanoTime();
        Map<String, String> profilesJson = new HashMap<>();
        copy(db, "devices (node_id, device_key, vendor, model, device_index, bus_id, memory_mib, memory_used_mib,"
                + " utilization_pct, health, lease_id, slice_profiles)", w -> {
            for (RestartFleet.Device d : fleet.devices()) {
                DeviceInfo i = d.info();
                String profiles = i.sliceProfiles().isEmpty() ? null : profilesJson.computeIfAbsent(
                        i.vendor() + "|" + i.model(), k -> profilesJson(i));
                long used = d.leaseId() != null ? i.memoryMiB() / 2
                        : d.slices().stream().mapToLong(Allocation::memoryMiB).sum() / 2;
                row(w, d.node().nodeId(), i.deviceKey(), i.vendor().name(), i.model(), i.index(), i.busId(),
                        i.memoryMiB(), used, d.free() ? 0.0 : 60.0, i.health().name(), d.leaseId(), profiles);
            }
        });
        took.put("devices", lap(t));
        t = System.nanoTime();
        copy(db, "leases (lease_id, tenant_id, state, memory_mib_per_device, device_count, workload_class, image,"
                + " duration_seconds, region, cluster, node_id, operator_id, vendor, device_model, device_memory_mib,"
                + " device_keys, pod_namespace, pod_name, requested_at, scheduled_at, started_at, ends_at, sharing,"
                + " slice_mode, slice_profile, slice_memory_mib, slice_compute, slice_resource, compute_fraction,"
                + " share)", w -> {
            int i = 0;
            for (RestartFleet.Lease l : fleet.leases()) {
                DeviceInfo first = l.devices().get(0);
                SimulatedNode n = l.node();
                Allocation s = l.slice();
                row(w, l.leaseId(), tenant(i++), "RUNNING", s == null ? first.memoryMiB() : s.memoryMiB(),
                        l.devices().size(), n.region().contains("east") ? "INFERENCE" : "TRAINING", IMAGE,
                        Duration.ofDays(1).toSeconds(), n.region(), n.cluster(), n.nodeId(), n.operatorId(),
                        first.vendor().name(), first.model(), first.memoryMiB(),
                        String.join(",", l.devices().stream().map(DeviceInfo::deviceKey).toList()), NAMESPACE,
                        podName(l.leaseId()), startedAt, startedAt, startedAt, endsAt,
                        s == null ? "WHOLE" : s.profile() != null ? "ISOLATED" : "SHARED",
                        s == null ? null : s.mode().name(), s == null ? null : s.profile(),
                        s == null ? null : s.memoryMiB(), s == null ? null : s.compute(),
                        l.profile() == null ? null : l.profile().resourceName(),
                        s == null ? null : l.computeFraction(), l.share());
            }
        });
        took.put("leases", lap(t));
        t = System.nanoTime();
        copy(db, "slice_allocations (lease_id, node_id, device_key, mode, profile, memory_mib, compute, first_slot,"
                + " slot_count)", w -> {
            for (RestartFleet.Device d : fleet.devices()) {
                for (Allocation a : d.slices()) {
                    row(w, a.id(), d.node().nodeId(), d.info().deviceKey(), a.mode().name(), a.profile(),
                            a.memoryMiB(), a.compute(), a.firstSlot(), a.slotCount());
                }
            }
        });
        took.put("slice_allocations", lap(t));
        t = System.nanoTime();
        db.commit();
        took.put("commit", lap(t));
        t = System.nanoTime();
        try (Statement s = db.createStatement()) {
            s.execute("analyze");
        }
        db.commit();
        took.put("analyze", lap(t));
        db.setAutoCommit(true);
        System.out.printf("  filled in %,d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, String.join(", ",
                took.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " ms").toList()));
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("select (select count(*) from nodes), (select count(*) from devices),"
                     + " (select count(*) from devices where lease_id is not null), (select count(*) from leases),"
                     + " (select count(*) from slice_allocations), (select count(*) from capacity_changes),"
                     + " pg_size_pretty(pg_database_size(current_database()))")) {
            r.next();
            System.out.printf("  rows: %,d nodes, %,d devices (%,d held whole), %,d leases, %,d slice allocations;"
                            + " %,d change-feed rows from the triggers; database %s%n", r.getLong(1), r.getLong(2),
                    r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6), r.getString(7));
        }
    }

    private interface Rows {
        void write(Writer w) throws IOException;
    }

    private static void copy(Connection db, String table, Rows rows) throws SQLException, IOException {
        PGConnection pg = db.unwrap(PGConnection.class);
        try (Writer w = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg, "copy " + table
                + " from stdin (format csv)", 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            rows.write(w);
        }
    }

    /** One CSV row: null as an unquoted empty field (COPY's CSV null), everything else quoted. */
    static void row(Writer w, Object... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                w.write(',');
            }
            Object f = fields[i];
            if (f == null) {
                continue;
            }
            String s = f.toString();
            w.write('"');
            w.write(s.indexOf('"') < 0 ? s : s.replace("\"", "\"\""));
            w.write('"');
        }
        w.write('\n');
    }

    /** As the scheduler stores them ({@code SliceProfilesJson.encode}: a default Jackson mapper, a JSON array). */
    private static String profilesJson(DeviceInfo device) {
        try {
            return JSON.writeValueAsString(device.sliceProfiles());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tenant(int i) {
        return "tenant-restart-" + (i % 16);
    }

    static String podName(String leaseId) {
        return "lease-" + leaseId.toLowerCase(Locale.ROOT);
    }

    private static long lap(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    // ------------------------------------------------------------------ the Pods

    /** Every live lease's Pod, Running, in its region's stand-in, as the scheduler's reconciler would have left it. */
    private static void createPods(Map<String, KubernetesMockServer> clusters, RestartFleet fleet) throws Exception {
        System.out.printf("creating %,d Pods (Running) in the Kubernetes stand-ins ...%n", fleet.leases().size());
        long t0 = System.nanoTime();
        Map<String, KubernetesClient> clients = new HashMap<>();
        clusters.forEach((region, server) -> clients.put(region, server.createClient()));
        String now = Instant.now().minus(Duration.ofHours(1)).toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            List<RestartFleet.Lease> leases = fleet.leases();
            int chunk = 500;
            for (int from = 0; from < leases.size(); from += chunk) {
                List<RestartFleet.Lease> part = leases.subList(from, Math.min(leases.size(), from + chunk));
                done.add(pool.submit(() -> {
                    for (RestartFleet.Lease l : part) {
                        KubernetesClient client = clients.get(l.node().region());
                        Pod pod = pod(l, now);
                        Pod created = client.pods().inNamespace(NAMESPACE).resource(pod).create();
                        if (created.getStatus() == null || !"Running".equals(created.getStatus().getPhase())) {
                            created.setStatus(pod.getStatus());
                            client.pods().inNamespace(NAMESPACE).resource(created).updateStatus();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            clients.values().forEach(KubernetesClient::close);
        }
        System.out.printf("  created in %,d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    private static Pod pod(RestartFleet.Lease l, String startedAt) {
        return new PodBuilder()
                .withNewMetadata().withName(podName(l.leaseId())).withNamespace(NAMESPACE)
                .withLabels(Map.of(MANAGED_BY_LABEL, "computenet-scheduler", LEASE_LABEL,
                        l.leaseId().toLowerCase(Locale.ROOT), TENANT_LABEL, "tenant-restart"))
                .withAnnotations(Map.of("computenet.io/device-keys", String.join(",", l.devices().stream()
                        .map(DeviceInfo::deviceKey).toList())))
                .endMetadata()
                .withNewSpec().withNodeSelector(Map.of("kubernetes.io/hostname", l.node().hostname()))
                .addNewContainer().withName("workload").withImage(IMAGE).endContainer().endSpec()
                .withStatus(new PodStatusBuilder().withPhase("Running").withStartTime(startedAt).build())
                .build();
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
            LogTimes log = logTimes(Files.readAllLines(scheduler.logFile(), StandardCharsets.UTF_8)).orElseThrow(
                    () -> new IllegalStateException("no 'capacity model read whole' line in " + scheduler.logFile()));
            if (log.modelNodes() != nodes || log.modelDevices() != devices) {
                throw new IllegalStateException("the model read " + log.modelNodes() + " nodes and "
                        + log.modelDevices() + " devices, not " + nodes + " and " + devices);
            }
            return new Restart(readyMs, capacityMs, firstCall, log.modelReadMs(),
                    millisBetween(launchedAt, log.modelReadAt()), log.quarkusStartedS(), cpu, gcS, gcPauses, stable);
        } finally {
            scheduler.close();
        }
    }

    /** The first model read and Quarkus's "started in" of one log; empty without a model read. */
    static Optional<LogTimes> logTimes(List<String> lines) {
        Matcher model = null;
        Matcher started = null;
        for (String line : lines) {
            if (model == null) {
                Matcher m = MODEL_READ.matcher(line);
                if (m.find()) {
                    model = m;
                }
            }
            if (started == null) {
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    started = m;
                }
            }
        }
        if (model == null) {
            return Optional.empty();
        }
        return Optional.of(new LogTimes(Long.parseLong(model.group(2)), Long.parseLong(model.group(3)),
                Long.parseLong(model.group(4)), LocalTime.parse(model.group(1)),
                started == null ? Double.NaN : Double.parseDouble(started.group(2)),
                started == null ? null : LocalTime.parse(started.group(1))));
    }

    /** Milliseconds from {@code from} to {@code to} on the clock, across midnight if need be. */
    static long millisBetween(LocalTime from, LocalTime to) {
        long ms = ChronoUnit.MILLIS.between(from, to);
        return ms < -12 * 3_600_000L ? ms + 24 * 3_600_000L : ms;
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
