package io.computenet.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.computenet.contracts.access.KafkaAccess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The whole ComputeNet system on one machine: real PostgreSQL, a real Kafka broker, a real Keycloak with the realm
 * from this repository, one Kubernetes API stand-in per region, the four services from their packaged jars and a
 * simulated fleet of node agents. Used by {@code ./computenet up} and by the end-to-end tests, so both exercise
 * the same wiring.
 */
public final class DevStack implements AutoCloseable {

    public static final String REALM = "computenet";
    public static final String KEYCLOAK_VERSION = "26.7.3";
    /**
     * How long Keycloak may take to be ready: about 80 s on a quiet 2-core machine, several minutes on a loaded one
     * (a build beside other builds); past this the start fails with its log.
     */
    public static final Duration KEYCLOAK_START_LIMIT = Duration.ofMinutes(8);
    private static final Duration SERVICE_START = Duration.ofMinutes(3);
    /**
     * Billing's memory, sized for the issue's target of a billing process under 256 MB resident while it streams a
     * 10-million-line export (docs/performance.md, "Billing: a FOCUS export of millions of lines"). Without an initial
     * heap the JVM starts at 1/64 of the machine's memory, which on a machine of 16 GB or more is the whole maximum:
     * the serial collector then lets both generations fill to their full size before it collects, and every page it
     * touched stays resident (256m: 270 MiB). Started at 32m the heap grows only as far as the live data needs (about
     * 25-30 MiB in the old generation: the export streams, the consumers apply a chunk at a time). What is not heap is
     * most of it (NMT: metaspace with class space 96 MiB, symbols 22, CDS 12, code 13, thread stacks 5) and glibc's
     * malloc, which by default gives each of billing's ~46 threads that allocates natively an arena of its own: with
     * two arenas billing waited at 234 MiB instead of 244 (same heap). A long export still grew the heap at
     * {@code -Xmx128m} (the young generation towards a third of the maximum, the old one to keep 40 % of it free after a
     * collection: 261 MiB at 2 million lines), so the young generation is fixed at 12m and a collection leaves 10-30 %
     * of the old one free ({@code MinHeapFreeRatio}/{@code MaxHeapFreeRatio}): 237 MiB at 2 million lines, 96m the
     * ceiling.
     */
    public static final ServiceProcess.Memory BILLING_MEMORY = new ServiceProcess.Memory("32m", "96m", 2,
            List.of("-Xmn12m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30"));
    /**
     * The simulated fleet's training block, beside its round-robin nodes: two 8x Ascend 910B3 servers in one rack of
     * Guizhou's cluster, enough for a 2 x 8 gang lease (the round-robin nodes never put two servers of one model in
     * one cluster). The tests' 9-node fleet has no other 910B3 in Guizhou, so the single-device requests of the other
     * end-to-end tests keep landing where they did (smaller devices fit them with less waste).
     */
    public static final int TRAINING_NODES = 2;
    public static final String TRAINING_REGION = "cn-west-gz";
    public static final String TRAINING_TOPOLOGY = "guian-1/rack-a12";
    /** The services {@link #killService} and {@link #restartService} act on. */
    private static final List<String> RESTARTABLE = List.of("scheduler", "billing", "portal-api");
    /** The file the simulated fleet reads every heartbeat round for the nodes to keep silent (failed). */
    private static final String SILENCED_FILE = "agent-silenced-nodes";

    private final StackOptions options;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** Node credentials are derived from this; a fresh stack has a fresh database, so a fresh key per start. */
    private final String masterKey = newMasterKey();
    /** The realm's service client secrets: fresh per start, known only to Keycloak and the service using each. */
    private final ServiceClients serviceClients = ServiceClients.generate();
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private KeycloakServer keycloak;
    private final Map<String, RegionalCluster> clusters = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** The memory settings each service was launched with, so a restart gets the same. */
    private final Map<String, ServiceProcess.Memory> memories = new LinkedHashMap<>();

    private DevStack(StackOptions options) {
        this.options = options;
    }

    /** Starts everything, or stops what it started and rethrows when a part fails. */
    public static DevStack start(StackOptions options) {
        DevStack stack = new DevStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void checkPortsFree() {
        Map<String, Integer> ports = namedPorts();
        List<String> shared = sharedPorts(ports);
        if (!shared.isEmpty()) {
            throw new IllegalStateException("one port given to several services: " + String.join("; ", shared)
                    + ". Choose different ports with the variables named.");
        }
        List<String> busy = ports.entrySet().stream().filter(e -> Ports.listening(e.getValue()))
                .map(e -> e.getValue() + " for " + e.getKey()).toList();
        if (!busy.isEmpty()) {
            throw new IllegalStateException("ports already in use: " + String.join("; ", busy)
                    + ". Stop what uses them or choose other ports with the variables named.");
        }
    }

    /** Every port of the options, by the variable that sets it and what uses it. */
    private Map<String, Integer> namedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("CN_PORTAL_PORT (portal-api)", options.portalPort());
        ports.put("CN_SCHEDULER_PORT (scheduler)", options.schedulerPort());
        ports.put("CN_BILLING_PORT (billing)", options.billingPort());
        ports.put("CN_AGENT_PORT (node-agent)", options.agentPort());
        ports.put("CN_KEYCLOAK_PORT (Keycloak)", options.keycloakPort());
        ports.put("CN_KEYCLOAK_MANAGEMENT_PORT (Keycloak management)", options.keycloakManagementPort());
        ports.put("CN_POSTGRES_PORT (PostgreSQL)", options.postgresPort());
        ports.put("CN_KAFKA_PORT (Kafka)", options.kafkaPort());
        ports.put("CN_KAFKA_CONTROLLER_PORT (Kafka controller)", options.kafkaControllerPort());
        options.regions().forEach(r -> ports.put("CN_KUBERNETES_FIRST_PORT (Kubernetes " + r.id() + ")",
                r.kubernetesPort()));
        return ports;
    }

    /**
     * The node agents' own path to Kafka (a second listener and the loopback proxy in front of it): two free ports
     * that none of the options' ports is, since those are not all listening yet when the broker starts.
     */
    private KafkaBroker.Cuttable agentsKafkaPath() {
        java.util.Collection<Integer> taken = namedPorts().values();
        while (true) {
            int[] p = Ports.distinct(2);
            if (!taken.contains(p[0]) && !taken.contains(p[1])) {
                return new KafkaBroker.Cuttable(p[0], p[1]);
            }
        }
    }

    /** Each port named for more than one service, with the services' names (empty when every port is its own). */
    static List<String> sharedPorts(Map<String, Integer> ports) {
        Map<Integer, List<String>> users = new TreeMap<>();
        ports.forEach((name, port) -> users.computeIfAbsent(port, k -> new ArrayList<>()).add(name));
        return users.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " for " + String.join(" and ", e.getValue())).toList();
    }

    private void startAll() {
        checkPortsFree();
        Path logs = options.runDir().resolve("logs");
        mkdirs(logs);
        log("starting Keycloak " + KEYCLOAK_VERSION + " on port " + options.keycloakPort());
        CompletableFuture<KeycloakServer> keycloakStart = CompletableFuture.supplyAsync(() -> KeycloakServer.start(
                new KeycloakServer.Options(keycloakArchive(), options.home().resolve(".computenet/cache"),
                        options.home().resolve("devstack/src/main/resources/keycloak/computenet-realm.json"),
                        options.keycloakPort(), options.keycloakManagementPort(), logs.resolve("keycloak.log"),
                        "admin", "admin", KEYCLOAK_START_LIMIT, serviceClients.keycloakEnvironment())));

        log("starting PostgreSQL on port " + options.postgresPort());
        postgres = track(PostgresServer.start(options.postgresPort(), options.runDir().resolve("postgres"),
                List.of("scheduler", "billing", "portal"), PostgresServer.DURABLE));
        postgres.pid().ifPresent(pid -> pids.put("postgres", pid));
        log("starting Kafka on port " + options.kafkaPort());
        kafka = track(KafkaBroker.start(options.home().resolve("kafka-broker/target/libs"),
                options.runDir().resolve("kafka"), options.kafkaPort(), options.kafkaControllerPort(),
                agentsKafkaPath()));
        pids.put("kafka", kafka.pid());
        kafka.writeClientProperties(KafkaBroker.ADMIN, options.runDir().resolve("kafka-admin.properties"));
        for (RegionSpec region : options.regions()) {
            log("starting Kubernetes API stand-in for " + region.id() + " on port " + region.kubernetesPort());
            clusters.put(region.id(), track(RegionalCluster.start(region.id(), region.kubernetesPort())));
        }
        registerFleetNodes();

        log("starting scheduler and billing");
        ServiceProcess scheduler = launch("scheduler", options.schedulerPort(), schedulerConfig(), "384m");
        ServiceProcess billing = launch("billing", options.billingPort(), billingConfig(), BILLING_MEMORY);
        try {
            keycloak = track(keycloakStart.join());
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
        pids.put("keycloak", keycloak.pid());
        log("starting portal-api");
        ServiceProcess portal = launch("portal-api", options.portalPort(), portalConfig(), "256m");
        scheduler.awaitReady(SERVICE_START);
        billing.awaitReady(SERVICE_START);
        portal.awaitReady(SERVICE_START);
        if (options.fleetNodes() > 0) {
            log("starting the simulated fleet: " + options.fleetNodes() + " nodes in "
                    + options.regions().stream().map(RegionSpec::id).collect(Collectors.joining(", "))
                    + trainingRegion().map(r -> ", and " + TRAINING_NODES + " 8x Ascend 910B3 training nodes in "
                    + r.id() + " rack " + TRAINING_TOPOLOGY).orElse(""));
            launch("node-agent", options.agentPort(), agentConfig(), "256m").awaitReady(SERVICE_START);
        }
        writeState();
    }

    /**
     * Starts one more scheduler instance on the same database, Kafka and clusters (scale-out); the caller closes it.
     * Its log goes to {@code logs/scheduler-replica-PORT/}.
     */
    public ServiceProcess startSchedulerReplica() {
        int port = Ports.free();
        ServiceProcess replica = ServiceProcess.launch(options.home(), "scheduler", port, schedulerConfig(),
                options.runDir().resolve("logs").resolve("scheduler-replica-" + port), "384m");
        try {
            return replica.awaitReady(SERVICE_START);
        } catch (RuntimeException e) {
            replica.close();
            throw e;
        }
    }

    private ServiceProcess launch(String module, int port, Map<String, String> config, String heap) {
        return launch(module, port, config, new ServiceProcess.Memory(null, heap, null));
    }

    private ServiceProcess launch(String module, int port, Map<String, String> config, ServiceProcess.Memory memory) {
        ServiceProcess service = track(ServiceProcess.launch(options.home(), module, port, config,
                options.runDir().resolve("logs"), memory));
        services.put(module, service);
        memories.put(module, memory);
        pids.put(module, service.pid());
        writePids();
        return service;
    }

    /** The faults the fault suite applies to this running stack. */
    public StackFaults faults() {
        return new StackFaults(this);
    }

    /** Records a restarted component's new process id in the pid file {@code ./computenet down} reads. */
    void recordPid(String component, long pid) {
        pids.put(component, pid);
        writePids();
    }

    /** The running (or killed) process of a service the fault suite may kill and restart. */
    ServiceProcess restartable(String module) {
        if (!RESTARTABLE.contains(module)) {
            throw new IllegalArgumentException("cannot restart " + module + "; restartable: " + RESTARTABLE);
        }
        return services.get(module);
    }

    /** Launches a restartable service again on its port with its configuration and memory settings. */
    ServiceProcess relaunch(String module) {
        ServiceProcess old = restartable(module);
        Map<String, String> config = switch (module) {
            case "scheduler" -> schedulerConfig();
            case "billing" -> billingConfig();
            default -> portalConfig();
        };
        return launch(module, old.port(), config, memories.get(module));
    }

    /** The configuration of a service that logs in to Kafka as {@code kafkaPrincipal} and uses {@code database}. */
    private Map<String, String> common(String kafkaPrincipal, String database) {
        Map<String, String> c = new LinkedHashMap<>();
        if (kafkaPrincipal != null) {
            c.putAll(kafka.serviceConfig(kafkaPrincipal));
        }
        if (database != null) {
            c.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
            c.put("quarkus.datasource.username", PostgresServer.USER);
            c.put("quarkus.datasource.password", "postgres");
        }
        return c;
    }

    /**
     * Registers the Node of every simulated node in its region's stand-in, as each node's kubelet would: the scheduler
     * creates lease Pods only on Nodes of their cluster. The names are the node agent's simulated fleet's
     * ({@code FleetSimulator}: node {@code i} of the fleet is {@code sim-<region>-<i>} in region {@code i mod regions},
     * its hostname the same), which enrols each under that name.
     */
    private void registerFleetNodes() {
        List<RegionSpec> regions = options.regions();
        for (int i = 0; i < options.fleetNodes(); i++) {
            RegionSpec region = regions.get(i % regions.size());
            clusters.get(region.id()).registerNode(String.format("sim-%s-%03d", region.id(), i));
        }
        trainingRegion().ifPresent(region -> {
            for (int t = 0; t < TRAINING_NODES; t++) {
                clusters.get(region.id()).registerNode(String.format("sim-%s-%03d", region.id(),
                        options.fleetNodes() + t));
            }
        });
    }

    /** The region of the training block, when the stack runs a simulated fleet in it. */
    private java.util.Optional<RegionSpec> trainingRegion() {
        return options.fleetNodes() == 0 ? java.util.Optional.empty() : options.regions().stream()
                .filter(r -> r.id().equals(TRAINING_REGION)).findFirst();
    }

    /** How many simulated nodes the fleet has: the round-robin ones and the training block. */
    public int fleetSize() {
        return options.fleetNodes() + (trainingRegion().isPresent() ? TRAINING_NODES : 0);
    }

    /**
     * Silences a simulated node as if its machine died: from the agent's next heartbeat round on, the node sends no
     * heartbeat and no usage sample, and the scheduler fails its leases once the silence exceeds its node failure
     * timeout. {@link #resumeNode} lets it speak again.
     */
    public void silenceNode(String nodeId) {
        Set<String> silenced = new java.util.TreeSet<>(silencedNodes());
        silenced.add(nodeId);
        writeSilenced(silenced);
        log("silenced simulated node " + nodeId);
    }

    /** Lets a silenced simulated node send its heartbeats again. */
    public void resumeNode(String nodeId) {
        Set<String> silenced = new java.util.TreeSet<>(silencedNodes());
        silenced.remove(nodeId);
        writeSilenced(silenced);
        log("resumed simulated node " + nodeId);
    }

    private Set<String> silencedNodes() {
        Path file = options.runDir().resolve(SILENCED_FILE);
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet()) : Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeSilenced(Set<String> nodeIds) {
        Path file = options.runDir().resolve(SILENCED_FILE);
        Path next = file.resolveSibling(SILENCED_FILE + ".next");
        try {
            Files.write(next, nodeIds);
            // replaced whole, so the agent never reads half a file
            Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> schedulerConfig() {
        Map<String, String> c = schedulerConfig(kafka, postgres, options.regions(), clusters,
                options.podStartTimeout(), masterKey);
        c.putAll(ServiceClients.calleeConfig(options.realmUrl()));
        c.putAll(serviceClients.callerConfig(options.realmUrl(), ServiceClients.SCHEDULER));
        c.put("computenet.scheduler.funds.grace", options.money().fundsGrace().toSeconds() + "s");
        c.put("computenet.scheduler.funds.check-interval",
                options.money().fundsGrace().compareTo(Duration.ofSeconds(10)) < 0 ? "1s" : "10s");
        return c;
    }

    /**
     * The scheduler's configuration on these components: Kafka (as its principal), its database, one Kubernetes API per region, the
     * Pod start timeout and the node identity master key. Also used by the lease load harness ({@code benchmarks}),
     * which starts the scheduler alone the way this stack does.
     */
    public static Map<String, String> schedulerConfig(KafkaBroker kafka, PostgresServer postgres,
                                                      List<RegionSpec> regions, Map<String, RegionalCluster> clusters,
                                                      Duration podStartTimeout, String masterKey) {
        Map<String, String> c = new LinkedHashMap<>(kafka.serviceConfig(KafkaAccess.SCHEDULER));
        c.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl("scheduler"));
        c.put("quarkus.datasource.username", PostgresServer.USER);
        c.put("quarkus.datasource.password", "postgres");
        for (RegionSpec r : regions) {
            String p = "computenet.scheduler.regions." + r.id() + ".";
            RegionalCluster cluster = clusters.get(r.id());
            c.put(p + "kubernetes-url", cluster.url());
            c.put(p + "token-file", cluster.tokenFile());
            c.put(p + "ca-cert-file", cluster.caCertFile());
            c.put(p + "tier", r.tier());
            c.put(p + "display-name", r.displayName());
        }
        c.put("computenet.scheduler.pod-start-timeout", podStartTimeout.toSeconds() + "s");
        c.put("computenet.scheduler.identity.master-key", masterKey);
        return c;
    }

    /**
     * A Keycloak with the repository's realm and these service client secrets on free ports, for harnesses that start
     * a service alone and call its internal API as a service does.
     */
    public static KeycloakServer startKeycloak(Path home, Path logFile, ServiceClients clients) {
        int[] ports = Ports.distinct(2);
        return KeycloakServer.start(new KeycloakServer.Options(home.resolve("devstack/target/keycloak/"
                + "keycloak-quarkus-dist-" + KEYCLOAK_VERSION + ".tar.gz"), home.resolve(".computenet/cache"),
                home.resolve("devstack/src/main/resources/keycloak/computenet-realm.json"), ports[0], ports[1],
                logFile, "admin", "admin", KEYCLOAK_START_LIMIT, clients.keycloakEnvironment()));
    }

    /** A fresh random master key for node credentials (a fresh database has no enrolled node). */
    public static String newMasterKey() {
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private Map<String, String> billingConfig() {
        Map<String, String> c = common(KafkaAccess.BILLING, "billing");
        c.put("computenet.billing.seed-demo-price-books", "true");
        c.put("computenet.billing.accrual-interval", options.money().accrualInterval().toSeconds() + "s");
        c.putAll(ServiceClients.calleeConfig(options.realmUrl()));
        return c;
    }

    private Map<String, String> portalConfig() {
        Map<String, String> c = common(null, null); // the portal does not use Kafka
        c.put("quarkus.oidc.auth-server-url", options.realmUrl());
        c.put("quarkus.rest-client.scheduler.url", "http://127.0.0.1:" + options.schedulerPort());
        c.put("quarkus.rest-client.billing.url", "http://127.0.0.1:" + options.billingPort());
        // the local run serves the portal over plain HTTP: its session cookies cannot be Secure there
        c.put("computenet.portal.web.secure-cookies", "false");
        c.putAll(serviceClients.callerConfig(options.realmUrl(), ServiceClients.PORTAL));
        return c;
    }

    private Map<String, String> agentConfig() {
        Map<String, String> c = common(null, null);
        // through its own, cuttable path, so the fault suite can partition it alone (partitionNodeAgent)
        c.putAll(kafka.cuttableServiceConfig(KafkaAccess.AGENT));
        c.put("computenet.agent.mode", "simulate");
        c.put("computenet.agent.simulate.nodes", String.valueOf(options.fleetNodes()));
        c.put("computenet.agent.simulate.regions", options.regions().stream()
                .map(r -> r.id() + ":" + r.cluster()).collect(Collectors.joining(",")));
        c.put("computenet.agent.heartbeat-interval", options.heartbeatInterval().toSeconds() + "s");
        trainingRegion().ifPresent(r -> {
            c.put("computenet.agent.simulate.training-nodes", String.valueOf(TRAINING_NODES));
            c.put("computenet.agent.simulate.training-region", r.id() + ":" + r.cluster());
            c.put("computenet.agent.simulate.training-topology", TRAINING_TOPOLOGY);
        });
        c.put("computenet.agent.simulate.silenced-file", options.runDir().resolve(SILENCED_FILE).toString());
        Path spool = options.runDir().resolve("agent-spool");
        Path identities = options.runDir().resolve("agent-identity");
        try {
            // a fresh stack has a fresh Kafka and database: nothing old to resend, no node enrolled yet
            Directories.deleteTree(spool);
            Directories.deleteTree(identities);
            Files.deleteIfExists(options.runDir().resolve(SILENCED_FILE)); // a fresh fleet: every node speaks
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        c.put("computenet.agent.spool-dir", spool.toString());
        c.put("computenet.agent.identity-dir", identities.toString());
        String portal = "http://127.0.0.1:" + options.portalPort();
        c.put("computenet.agent.enrollment.url", portal);
        log("enrolling the simulated fleet: enrolment tokens from the portal as " + FleetEnrolment.OPERATOR_USER);
        Map<String, Integer> extra = new LinkedHashMap<>();
        trainingRegion().ifPresent(r -> extra.put(r.id(), TRAINING_NODES));
        c.put("computenet.agent.simulate.tokens-file", FleetEnrolment.tokensFile(portal, options.realmUrl(),
                options.regions(), options.fleetNodes(), extra, options.runDir().resolve("agent-enrollment-tokens"))
                .toString());
        return c;
    }

    private Path keycloakArchive() {
        Path archive = options.home().resolve("devstack/target/keycloak/keycloak-quarkus-dist-" + KEYCLOAK_VERSION
                + ".tar.gz");
        if (!Files.exists(archive)) {
            throw new IllegalStateException("Keycloak distribution missing at " + archive
                    + ": build devstack first (./mvnw -DskipTests install)");
        }
        return archive;
    }

    private <T extends AutoCloseable> T track(T component) {
        started.push(component);
        return component;
    }

    public StackOptions options() {
        return options;
    }

    public String portalUrl() {
        return "http://127.0.0.1:" + options.portalPort();
    }

    public String keycloakUrl() {
        return options.keycloakUrl();
    }

    public ServiceProcess service(String module) {
        return services.get(module);
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** The service client secrets of this run, for tests that call an internal API as a service. */
    public ServiceClients serviceClients() {
        return serviceClients;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public RegionalCluster cluster(String region) {
        return clusters.get(region);
    }

    /** The services, their URLs and process ids, as {@code ./computenet status} prints them. */
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("portalApi", portalUrl());
        s.put("openApi", portalUrl() + "/q/swagger-ui");
        s.put("keycloak", keycloakUrl());
        s.put("realm", REALM);
        s.put("scheduler", "http://127.0.0.1:" + options.schedulerPort());
        s.put("billing", "http://127.0.0.1:" + options.billingPort());
        s.put("nodeAgent", "http://127.0.0.1:" + options.agentPort());
        s.put("postgres", "127.0.0.1:" + options.postgresPort());
        s.put("kafka", kafka.bootstrapServers());
        Map<String, String> k8s = new LinkedHashMap<>();
        clusters.forEach((id, c) -> k8s.put(id, c.url()));
        s.put("kubernetes", k8s);
        s.put("pids", pids);
        s.put("logs", options.runDir().resolve("logs").toString());
        return s;
    }

    private void writeState() {
        try {
            Files.writeString(options.runDir().resolve("stack.json"), new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(state()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writePids();
    }

    private void writePids() {
        List<String> lines = new ArrayList<>();
        pids.forEach((name, pid) -> lines.add(pid + " " + name));
        try {
            Files.write(options.runDir().resolve("pids"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void log(String message) {
        System.out.println("[devstack] " + message);
        System.out.flush();
    }

    /** Stops everything in reverse start order. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log("could not stop " + c + ": " + e);
            }
        }
    }
}
