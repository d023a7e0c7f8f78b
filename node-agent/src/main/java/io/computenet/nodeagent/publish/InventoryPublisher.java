package io.computenet.nodeagent.publish;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.usage.UsageEvent;
import io.computenet.nodeagent.usage.ActiveLeases;
import io.computenet.nodeagent.AgentConfig;
import io.computenet.nodeagent.discovery.NodeDiscovery;
import io.computenet.nodeagent.fleet.FleetSimulator;
import io.computenet.nodeagent.fleet.SimulatedNode;
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
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes each node's inventory on start and a heartbeat every interval, keyed by node id, for this node (live
 * mode) or for the whole simulated fleet.
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
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile List<SimulatedNode> nodes = List.of();
    private final ActiveLeases activeLeases = new ActiveLeases();
    private KafkaProducer<String, String> producer;
    private ScheduledExecutorService timer;
    private Counter sentCounter;
    private Counter failedCounter;
    private Timer sendLag;

    void start(@Observes StartupEvent event) {
        nodes = config.mode() == AgentConfig.Mode.SIMULATE ? simulatedFleet() : List.of(thisNode());
        registerMetrics();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.getOrDefault("bootstrap.servers",
                "127.0.0.1:9092"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "computenet-node-agent");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "agent-heartbeat"));
        timer.execute(this::publishInventory);
        long every = config.heartbeatInterval().toMillis();
        timer.scheduleAtFixedRate(this::publishHeartbeats, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("node agent (%s) publishing %d node(s) to %s", config.mode(), nodes.size(), Topics.INVENTORY);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
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
        sendLag = Timer.builder("computenet.agent.send.lag")
                .description("time from sampling an event to Kafka's acknowledgement")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    private List<SimulatedNode> simulatedFleet() {
        AgentConfig.Simulate s = config.simulate();
        return new FleetSimulator().fleet(s.nodes(), s.regions().stream().map(FleetSimulator.Placement::parse)
                .toList(), config.operatorId(), s.seed());
    }

    private SimulatedNode thisNode() {
        String hostname;
        try {
            hostname = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            hostname = "localhost";
        }
        String region = config.region().orElseThrow(() ->
                new IllegalStateException("computenet.agent.region is required in live mode"));
        String cluster = config.cluster().orElseThrow(() ->
                new IllegalStateException("computenet.agent.cluster is required in live mode"));
        return new SimulatedNode(config.nodeId().orElse(hostname), config.operatorId(), region, cluster, hostname,
                new NodeDiscovery().live());
    }

    private void publishInventory() {
        try {
            var futures = nodes.stream().map(n -> send(InventoryEvent.inventory(clock.instant(), n.nodeId(),
                    n.operatorId(), n.region(), n.cluster(), n.hostname(), n.devices()))).toList();
            for (var f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            inventoryPublished.set(true);
            LOG.infof("published the inventory of %d node(s)", nodes.size());
        } catch (Exception e) {
            LOG.warnf("inventory not yet published, retrying: %s", e.getMessage());
            timer.schedule(this::publishInventory, 2, TimeUnit.SECONDS);
        }
    }

    private void publishHeartbeats() {
        if (!inventoryPublished.get()) {
            return;
        }
        Map<String, Map<String, DeviceInfo>> sampled = new HashMap<>();
        for (SimulatedNode n : nodes) {
            List<DeviceInfo> fresh = config.mode() == AgentConfig.Mode.SIMULATE
                    ? n.devices().stream().map(this::jitter).toList()
                    : new NodeDiscovery().live();
            Map<String, DeviceInfo> byKey = new HashMap<>();
            fresh.forEach(d -> byKey.put(d.deviceKey(), d));
            sampled.put(n.nodeId(), byKey);
            send(InventoryEvent.heartbeat(clock.instant(), n.nodeId(), n.operatorId(), n.region(), n.cluster(),
                    n.hostname(), fresh));
        }
        publishUsage(sampled);
    }

    /**
     * One usage sample per device of each running lease. Leases hold whole devices, so the device's own utilisation
     * and memory are the lease's; the simulation makes them look like a busy workload within the lease's memory.
     */
    private void publishUsage(Map<String, Map<String, DeviceInfo>> sampled) {
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
                UsageEvent sample = UsageEvent.sample(clock.instant(), lease.leaseId(), lease.nodeId(), key, util,
                        memory);
                producer.send(new ProducerRecord<>(Topics.USAGE, sample.key(), EventCodec.encode(sample)),
                        (meta, error) -> countSend(sample.occurredAt(), error, "usage sample of " + lease.leaseId()));
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
                d.sliceProfiles());
    }

    private java.util.concurrent.Future<?> send(InventoryEvent event) {
        return producer.send(new ProducerRecord<>(Topics.INVENTORY, event.key(), EventCodec.encode(event)),
                (meta, error) -> countSend(event.occurredAt(), error, event.type() + " for " + event.nodeId()));
    }

    private void countSend(java.time.Instant sampledAt, Exception error, String what) {
        if (error == null) {
            sent.incrementAndGet();
            sentCounter.increment();
            sendLag.record(java.time.Duration.between(sampledAt, clock.instant()));
        } else {
            failed.incrementAndGet();
            failedCounter.increment();
            LOG.warnf("could not send %s: %s", what, error.getMessage());
        }
    }

    public boolean inventoryPublished() {
        return inventoryPublished.get();
    }

    public int nodeCount() {
        return nodes.size();
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }
}
