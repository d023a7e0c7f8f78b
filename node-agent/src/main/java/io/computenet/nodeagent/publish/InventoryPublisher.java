package io.computenet.nodeagent.publish;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.access.KafkaAccess;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.usage.UsageEvent;
import io.computenet.nodeagent.usage.ActiveLeases;
import io.computenet.nodeagent.AgentConfig;
import io.computenet.nodeagent.discovery.HostResources;
import io.computenet.nodeagent.discovery.NodeDiscovery;
import io.computenet.nodeagent.fleet.FleetSimulator;
import io.computenet.nodeagent.fleet.SilencedNodes;
import io.computenet.nodeagent.fleet.SimulatedNode;
import io.computenet.nodeagent.identity.Enrolment;
import io.computenet.nodeagent.identity.IdentityStore;
import io.computenet.contracts.identity.RecordSignature;
import io.computenet.nodeagent.spool.Spool;
import io.computenet.nodeagent.spool.SpoolRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes each node's inventory on start and a heartbeat every interval, keyed by node id, for this node (live
 * mode) or for the whole simulated fleet, plus usage samples of running leases. In live mode every heartbeat round
 * discovers the devices again and, when they changed in identity or shape ({@link InventoryChange}), publishes the
 * inventory again before the heartbeat. Every event is first appended to the
 * bounded on-disk {@link Spool}; a sender thread sends the spool in order and acknowledges what Kafka acknowledged.
 * While Kafka is unreachable the agent keeps sampling into the spool; a restart resends what was not acknowledged
 * (with the same event ids, which consumers deduplicate).
 */
@ApplicationScoped
public class InventoryPublisher {

    private static final Logger LOG = Logger.getLogger(InventoryPublisher.class);

    @Inject
    AgentConfig config;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    MeterRegistry metrics;

    private final Clock clock = Clock.systemUTC();
    private final Random random = new Random(7);
    private final AtomicBoolean inventoryPublished = new AtomicBoolean();
    private volatile List<SimulatedNode> nodes = List.of();
    /** Each node's credential, which signs its records. */
    private volatile Map<String, String> credentials = Map.of();
    private final ActiveLeases activeLeases = new ActiveLeases();
    /** Live mode: this node's devices, from the vendor tools (a test replaces it). */
    private final java.util.function.Supplier<List<DeviceInfo>> liveDevices;
    private KafkaProducer<String, String> producer;
    private ScheduledExecutorService timer;
    private Spool spool;
    private Thread sender;
    private volatile boolean running;
    private final Map<String, java.time.Instant> sampledAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> pendingInventory = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Counter sentCounter;
    private Counter failedCounter;
    private Counter sampleFailures;
    private Counter inventoryRepublished;
    private Timer sendLag;

    /** For CDI, which injects the fields above. */
    public InventoryPublisher() {
        this.liveDevices = () -> new NodeDiscovery().live(java.nio.file.Path.of(config.hccnConf()));
    }

    /**
     * A publisher wired by hand, outside Quarkus (the load harness in {@code benchmarks} uses it); call
     * {@link #start()} and {@link #stop()} yourself.
     */
    public InventoryPublisher(AgentConfig config, Map<String, Object> kafkaConfig, MeterRegistry metrics) {
        this(config, kafkaConfig, metrics,
                () -> new NodeDiscovery().live(java.nio.file.Path.of(config.hccnConf())));
    }

    /** As {@link #InventoryPublisher(AgentConfig, Map, MeterRegistry)}, with live mode's devices from {@code liveDevices}. */
    InventoryPublisher(AgentConfig config, Map<String, Object> kafkaConfig, MeterRegistry metrics,
                       java.util.function.Supplier<List<DeviceInfo>> liveDevices) {
        this.liveDevices = liveDevices;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Builds the node list, opens the spool and the Kafka producer, and starts the sender and the heartbeat. */
    public void start() {
        Enrolment enrolment = new Enrolment(new IdentityStore(java.nio.file.Path.of(config.identityDir())),
                config.enrollment().url());
        List<Enrolment.Identified> identified = config.mode() == AgentConfig.Mode.SIMULATE
                ? simulatedFleet(enrolment) : List.of(thisNode(enrolment));
        Map<String, String> byNode = new HashMap<>();
        identified.forEach(i -> byNode.put(i.identity().nodeId(), i.identity().credential()));
        credentials = Map.copyOf(byNode);
        nodes = identified.stream().map(Enrolment.Identified::node).toList();
        registerMetrics();
        // logged in as the agents' principal (kafka.sasl.*), which may write only inventory and usage
        Map<String, Object> props = KafkaAccess.ackedProducer(kafkaConfig, "computenet-node-agent");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // a send Kafka cannot take at once (no metadata while Kafka is away) fails fast and stays in the spool; one
        // the producer took is retried by the producer, in order (idempotence), until Kafka has it: were it given
        // up on, the records sent after it could land first, and resending it would put it after them
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        spool = Spool.open(java.nio.file.Path.of(config.spoolDir()), config.spoolMaxBytes());
        // bound to this publisher, not to the spool, so that after stop() and start() they report the open spool
        Gauge.builder("computenet.agent.spool.depth", this, p -> p.spool.depth())
                .description("events waiting in the spool for Kafka").register(metrics);
        Gauge.builder("computenet.agent.spool.dropped", this, p -> p.spool.droppedRecords())
                .description("events dropped because the spool was full").register(metrics);
        running = true;
        sender = new Thread(this::sendLoop, "agent-spool-sender");
        sender.setDaemon(true);
        sender.start();
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "agent-heartbeat"));
        timer.execute(this::publishInventory);
        long every = config.heartbeatInterval().toMillis();
        timer.scheduleAtFixedRate(this::heartbeatRound, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("node agent (%s) publishing %d node(s) to %s", config.mode(), nodes.size(), Topics.INVENTORY);
    }

    /** Stops the heartbeat and the sender, closes the producer and the spool; what Kafka has not taken stays spooled. */
    public void stop() {
        running = false;
        if (timer != null) {
            timer.shutdownNow();
        }
        if (sender != null) {
            sender.interrupt();
            try {
                sender.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
        if (spool != null) {
            spool.close();
        }
    }

    /**
     * Sends the spool in order and acknowledges what Kafka acknowledged. Order holds across outages: a batch is sent
     * only up to the first record the producer refuses at once (it cannot reach Kafka), every record it took is
     * retried by it, in order, until Kafka has it (no delivery timeout), and the spool resends from the first record
     * not acknowledged after a pause. Duplicates can only come from a restart with records in flight; consumers
     * keep one per event id.
     */
    private void sendLoop() {
        while (running) {
            try {
                List<SpoolRecord> batch = spool.peek(500);
                if (batch.isEmpty()) {
                    Thread.sleep(50);
                    continue;
                }
                List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sends =
                        new java.util.ArrayList<>(batch.size());
                for (SpoolRecord r : batch) {
                    var send = producer.send(signed(r));
                    sends.add(send);
                    if (send.isDone() && failed(send)) {
                        break; // not taken (Kafka away): nothing after it may be sent before it
                    }
                }
                // every send but a refused last one is the producer's, retried in order until Kafka has it: wait
                int acknowledged = 0;
                Exception failure = null;
                for (var f : sends) {
                    try {
                        f.get();
                        acknowledged++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        failure = e;
                        break;
                    }
                }
                if (acknowledged > 0) {
                    spool.ack(acknowledged);
                    for (SpoolRecord r : batch.subList(0, acknowledged)) {
                        countSent(r.eventId());
                    }
                }
                if (failure != null) {
                    failedCounter.increment();
                    LOG.warnf("Kafka did not take the spool (%d event(s) waiting), retrying: %s", spool.depth(),
                            failure.getMessage());
                    Thread.sleep(1000);
                }
            } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
                Thread.currentThread().interrupt(); // stop() interrupts the sender, also inside producer.send
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "spool sender failed, retrying");
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static boolean failed(java.util.concurrent.Future<?> done) {
        try {
            done.get();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * The Kafka record for a spooled event, signed with the credential of the node it is about, so the scheduler can
     * tell it came from that enrolled node ({@link RecordSignature}).
     */
    private ProducerRecord<String, String> signed(SpoolRecord r) {
        ProducerRecord<String, String> record = new ProducerRecord<>(r.topic(), r.key(), r.payload());
        String nodeId = Topics.INVENTORY.equals(r.topic()) ? r.key()
                : EventCodec.decode(r.payload(), UsageEvent.class).nodeId();
        String credential = credentials.get(nodeId);
        if (credential != null) { // spooled before a re-enrolment: sent unsigned, and the scheduler says so
            record.headers().add(RecordSignature.NODE_HEADER, nodeId.getBytes(StandardCharsets.UTF_8));
            record.headers().add(RecordSignature.HEADER,
                    RecordSignature.sign(credential, r.payload()).getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private void countSent(String eventId) {
        sentCounter.increment();
        java.time.Instant at = sampledAt.remove(eventId);
        if (at != null) {
            sendLag.record(java.time.Duration.between(at, clock.instant()));
        }
        if (pendingInventory.remove(eventId) && pendingInventory.isEmpty()) {
            inventoryPublished.set(true);
            LOG.infof("Kafka acknowledged the inventory of %d node(s)", nodes.size());
        }
    }

    /** Appends an event to the spool; the sender delivers it. */
    private void enqueue(List<SpoolRecord> round, String topic, io.computenet.contracts.Event event) {
        if (sampledAt.size() < 100_000) {
            sampledAt.put(event.eventId(), event.occurredAt());
        }
        round.add(new SpoolRecord(topic, event.key(), event.eventId(), EventCodec.encode(event)));
    }

    public long spoolDepth() {
        return spool.depth();
    }

    private void registerMetrics() {
        Gauge.builder("computenet.agent.nodes", this, p -> p.nodes.size())
                .description("nodes this agent publishes for").register(metrics);
        Gauge.builder("computenet.agent.devices", this, p -> p.nodes.stream().mapToInt(n -> n.devices().size()).sum())
                .description("devices seen on those nodes").register(metrics);
        sentCounter = Counter.builder("computenet.agent.events.sent")
                .description("events acknowledged by Kafka").register(metrics);
        failedCounter = Counter.builder("computenet.agent.send.failures")
                .description("sends Kafka did not acknowledge").register(metrics);
        sampleFailures = Counter.builder("computenet.agent.sample.failures")
                .description("heartbeat rounds that failed (tool error, unreadable output, spool error)")
                .register(metrics);
        inventoryRepublished = Counter.builder("computenet.agent.inventory.republished")
                .description("inventories published again because the node's devices changed (live mode)")
                .register(metrics);
        sendLag = Timer.builder("computenet.agent.send.lag")
                .description("time from sampling an event to Kafka's acknowledgement")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    private List<Enrolment.Identified> simulatedFleet(Enrolment enrolment) {
        AgentConfig.Simulate s = config.simulate();
        List<SimulatedNode> planned = new FleetSimulator().fleet(s.nodes(), s.regions().stream()
                .map(FleetSimulator.Placement::parse).toList(), new FleetSimulator.Training(s.trainingNodes(),
                FleetSimulator.Placement.parse(s.trainingRegion()), s.trainingTopology()), "to-be-enrolled", s.seed());
        return enrolment.simulated(planned, s.tokensFile().map(java.nio.file.Path::of));
    }

    private Enrolment.Identified thisNode(Enrolment enrolment) {
        String hostname = config.kubernetesNodeName().filter(n -> !n.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        });
        Optional<String> token = config.enrollment().token().or(() -> config.enrollment().tokenFile().map(f -> {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of(f)).trim();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read the enrolment token file " + f, e);
            }
        }));
        String nodeName = config.enrollment().nodeName().orElse(hostname.toLowerCase(java.util.Locale.ROOT));
        Enrolment.Identified identified = enrolment.live(config.identitySecretDir()
                .map(d -> new IdentityStore(java.nio.file.Path.of(d))), token, nodeName, hostname, liveDevices);
        String topology = config.topology().map(String::trim).filter(t -> !t.isEmpty()).orElse(null);
        if (topology != null && (topology.length() > InventoryEvent.TOPOLOGY_MAX_LENGTH
                || !topology.matches(InventoryEvent.TOPOLOGY_PATTERN))) {
            throw new IllegalStateException("computenet.agent.topology must be a label like rack-12 or spine-a/leaf-3"
                    + " (letters, digits, . _ / -, at most " + InventoryEvent.TOPOLOGY_MAX_LENGTH
                    + " characters) but was '" + topology + "'");
        }
        // the host's CPUs and memory from the OS (none where there is no /proc): the CPU-aware placement reads them
        HostResources host = HostResources.readIfPresent().orElse(null);
        return new Enrolment.Identified(identified.node().withTopology(topology).withHost(host),
                identified.identity());
    }

    private void publishInventory() {
        List<SpoolRecord> round = new java.util.ArrayList<>(nodes.size());
        for (SimulatedNode n : nodes) {
            InventoryEvent event = inventoryOf(n);
            pendingInventory.add(event.eventId());
            enqueue(round, Topics.INVENTORY, event);
        }
        spool.appendAll(round); // one flush to disk for the whole round
        LOG.infof("spooled the inventory of %d node(s)", nodes.size());
    }

    /** The node's full inventory, with the topology label its operator configured and its host CPUs and memory. */
    private InventoryEvent inventoryOf(SimulatedNode n) {
        return InventoryEvent.inventory(clock.instant(), n.nodeId(), n.operatorId(), n.region(), n.cluster(),
                n.hostname(), n.devices(), n.topology(), n.host() == null ? null : n.host().cpuCount(),
                n.host() == null ? null : n.host().memoryMiB());
    }

    /**
     * One heartbeat round. A round that fails (a vendor tool that hangs or prints something unreadable, a full disk)
     * is logged and counted and the next round runs as planned: an exception escaping a task of
     * {@code scheduleAtFixedRate} would cancel every later round and silence the node for good. A node whose rounds
     * keep failing sends no heartbeats, which the scheduler reads as a failed node.
     */
    void heartbeatRound() {
        try {
            publishHeartbeats();
        } catch (RuntimeException e) {
            sampleFailures.increment();
            LOG.errorf(e, "heartbeat round failed; the next one runs in %s", config.heartbeatInterval());
        }
    }

    private void publishHeartbeats() {
        List<SpoolRecord> round = new java.util.ArrayList<>(nodes.size() * 2);
        Map<String, Map<String, DeviceInfo>> sampled = new HashMap<>();
        boolean live = config.mode() == AgentConfig.Mode.LIVE;
        java.util.Set<String> silenced = live ? java.util.Set.of()
                : SilencedNodes.read(config.simulate().silencedFile().map(java.nio.file.Path::of));
        List<SimulatedNode> current = nodes;
        List<SimulatedNode> updated = new java.util.ArrayList<>(current.size());
        for (SimulatedNode sampledNode : current) {
            if (silenced.contains(sampledNode.nodeId())) {
                updated.add(sampledNode); // a simulated node failure: no heartbeat and no usage sample
                continue;
            }
            List<DeviceInfo> fresh = live ? liveDevices.get()
                    : sampledNode.devices().stream().map(this::jitter).toList();
            SimulatedNode n = live ? republishIfChanged(round, sampledNode, fresh) : sampledNode;
            updated.add(n);
            Map<String, DeviceInfo> byKey = new HashMap<>();
            fresh.forEach(d -> byKey.put(d.deviceKey(), d));
            sampled.put(n.nodeId(), byKey);
            enqueue(round, Topics.INVENTORY, InventoryEvent.heartbeat(clock.instant(), n.nodeId(), n.operatorId(),
                    n.region(), n.cluster(), n.hostname(), fresh));
        }
        publishUsage(round, sampled);
        spool.appendAll(round); // one flush to disk for the whole heartbeat round
        if (live) {
            nodes = List.copyOf(updated);
        }
    }

    /**
     * Live mode: when this round's discovery differs from the inventory last published for the node in identity or
     * shape ({@link InventoryChange}: a device appeared or disappeared, its memory, versions, slice table or MIG state
     * changed), a fresh {@code node.inventory} goes into the round ahead of its heartbeat, so the scheduler adds,
     * removes or re-reads the devices before the heartbeat refreshes them. Readings alone never cause one.
     *
     * @return the node with the devices its inventory now lists
     */
    private SimulatedNode republishIfChanged(List<SpoolRecord> round, SimulatedNode n, List<DeviceInfo> fresh) {
        InventoryChange change = InventoryChange.between(n.devices(), fresh);
        if (!change.any()) {
            return n;
        }
        LOG.infof("devices of node %s changed (%s): publishing its inventory again", n.nodeId(), change);
        SimulatedNode changed = n.withDevices(fresh);
        enqueue(round, Topics.INVENTORY, inventoryOf(changed));
        inventoryRepublished.increment();
        return changed;
    }

    /**
     * One usage sample per device of each running lease. Leases hold whole devices, so the device's own utilisation
     * and memory are the lease's; the simulation makes them look like a busy workload within the lease's memory.
     */
    private void publishUsage(List<SpoolRecord> round, Map<String, Map<String, DeviceInfo>> sampled) {
        for (ActiveLeases.ActiveLease lease : activeLeases.all()) {
            Map<String, DeviceInfo> devices = sampled.getOrDefault(lease.nodeId(), Map.of());
            for (String key : lease.deviceKeys()) {
                DeviceInfo d = devices.get(key);
                if (d == null) {
                    continue;
                }
                boolean simulated = config.mode() == AgentConfig.Mode.SIMULATE;
                Double util = simulated ? 40.0 + random.nextInt(56) : d.utilizationPct();
                Long memory = simulated ? lease.memoryMiBPerDevice() * (60 + random.nextInt(36)) / 100
                        : d.memoryUsedMiB();
                enqueue(round, Topics.USAGE, UsageEvent.sample(clock.instant(), lease.leaseId(), lease.nodeId(), key, util,
                        memory));
            }
        }
    }

    public ActiveLeases activeLeases() {
        return activeLeases;
    }

    private DeviceInfo jitter(DeviceInfo d) {
        return new DeviceInfo(d.vendor(), d.model(), d.uuid(), d.serial(), d.index(), d.chipId(), d.busId(),
                d.memoryMiB(), d.memoryUsedMiB(), (double) random.nextInt(5), d.temperatureC(), d.powerW(),
                d.health(), d.driverVersion(), d.firmwareVersion(), d.toolkit(), d.toolkitVersion(),
                d.sliceProfiles(), d.migMode(), d.migInstances());
    }

    public boolean inventoryPublished() {
        return inventoryPublished.get();
    }

    public int nodeCount() {
        return nodes.size();
    }

    public long sent() {
        return sentCounter == null ? 0 : (long) sentCounter.count();
    }

    public long failed() {
        return failedCounter == null ? 0 : (long) failedCounter.count();
    }
}
