package io.computenet.benchmarks;

import io.computenet.contracts.access.KafkaAccess;
import io.computenet.contracts.lease.LeaseAssignment;
import io.computenet.devstack.Directories;
import io.computenet.devstack.KafkaBroker;
import io.computenet.devstack.Ports;
import io.computenet.nodeagent.AgentConfig;
import io.computenet.nodeagent.identity.IdentityStore;
import io.computenet.nodeagent.identity.NodeIdentity;
import io.computenet.nodeagent.fleet.FleetSimulator;
import io.computenet.nodeagent.fleet.SimulatedNode;
import io.computenet.nodeagent.publish.InventoryPublisher;
import io.micrometer.core.instrument.Gauge;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Load harness for the node agent's publish path: can one agent process simulate and publish for N nodes at a given
 * heartbeat without falling behind?
 *
 * <p>It starts a real Kafka broker (the devstack's {@link KafkaBroker}, a separate JVM) unless {@code --bootstrap}
 * names one, then runs the agent's own {@link InventoryPublisher} in simulate mode, wired by hand as Quarkus would
 * wire it: the {@link FleetSimulator} fleet, the on-disk spool, the idempotent producer with {@code acks=all}, the
 * heartbeat thread and the sender thread. Running leases are fed to the publisher's {@code ActiveLeases} as the
 * lease-assignment listener would, so it also sends usage samples. While it runs it prints, per report interval: events
 * produced (spooled) and acknowledged by Kafka, send lag (event creation to Kafka's acknowledgement, from the
 * agent's own lag timer), spool depth, the agent process's CPU and heap, and the broker's CPU. At the end it prints
 * totals and a verdict (see {@link PublishVerdict}).</p>
 *
 * <p>This is a benchmark, not a test: it never runs in {@code verify}. On a small machine other processes distort
 * it; the machine's load is printed with every line so that a reader can tell.</p>
 */
public final class AgentPublishHarness {

    private static final String LAG_TIMER = "computenet.agent.send.lag";
    static final List<String> REGIONS =
            List.of("cn-east-yrd:wuhu-1", "cn-west-nm:horinger-1", "cn-west-gz:guian-1");
    static final String OPERATOR = "op-demo";
    static final long SEED = 42;
    private static final long SPOOL_MAX_BYTES = 268_435_456L;

    private AgentPublishHarness() {
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(HarnessOptions.USAGE);
            System.exit(2);
            return;
        }
        // the Kafka client and the agent log through slf4j-simple and jboss-logging (JUL): warnings only
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        boolean ok = run(options);
        System.exit(ok ? 0 : 1);
    }

    static boolean run(HarnessOptions options) throws Exception {
        boolean temporary = options.workDir().isEmpty();
        Path workDir = options.workDir().orElseGet(AgentPublishHarness::temporaryDirectory);
        KafkaBroker broker = null;
        try {
            Map<String, Object> kafka;
            if (options.bootstrap().isPresent()) {
                kafka = Map.of("bootstrap.servers", options.bootstrap().get(), "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                                + KafkaAccess.AGENT + "\" password=\"" + options.kafkaPassword().orElseThrow() + "\";");
            } else {
                System.out.printf("starting a Kafka broker from %s ...%n", options.brokerLibs().toAbsolutePath());
                broker = KafkaBroker.start(options.brokerLibs().toAbsolutePath(), workDir.resolve("kafka"),
                        Ports.free(), Ports.free());
                KafkaBroker started = broker;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "harness-broker-stop"));
                kafka = broker.clientConfig(KafkaAccess.AGENT); // the broker created the topics
            }
            return publish(options, kafka, workDir.resolve("spool"),
                    broker == null ? Optional.empty() : ProcessHandle.of(broker.pid()));
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (temporary) {
                Directories.deleteTree(workDir);
            }
        }
    }

    private static boolean publish(HarnessOptions options, Map<String, Object> kafka, Path spoolDir,
                                   Optional<ProcessHandle> brokerProcess) throws InterruptedException {
        AgentConfig config = simulateConfig(options.nodes(), options.heartbeat(), spoolDir);
        List<SimulatedNode> fleet = new FleetSimulator().fleet(options.nodes(),
                REGIONS.stream().map(FleetSimulator.Placement::parse).toList(), OPERATOR, SEED);
        // an already enrolled fleet: each node's identity on disk, as the agent keeps it after its enrolment
        IdentityStore identities = new IdentityStore(Path.of(config.identityDir()));
        for (SimulatedNode n : fleet) {
            identities.write(n.nodeId(), new NodeIdentity(n.nodeId(), "harness-credential-" + n.nodeId(), OPERATOR,
                    n.region(), n.cluster(), java.time.Instant.now()));
        }
        LagRecordingRegistry registry = new LagRecordingRegistry(LAG_TIMER);
        InventoryPublisher publisher = new InventoryPublisher(config, kafka, registry);
        long usagePerRound = startLeases(publisher, fleet, options.leasedFraction());
        long eventsPerRound = fleet.size() + usagePerRound;
        int devices = fleet.stream().mapToInt(n -> n.devices().size()).sum();

        System.out.printf("agent: %,d nodes (%,d devices), heartbeat %s, %,d leased devices; one round = %,d events"
                        + " (%,d heartbeats + %,d usage samples), %.1f events/s due; broker %s; %d CPUs%n",
                fleet.size(), devices, options.heartbeat(), usagePerRound, eventsPerRound, fleet.size(), usagePerRound,
                eventsPerRound * 1000.0 / options.heartbeat().toMillis(), kafka.get("bootstrap.servers"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("cpu columns: share of one core / share of all cores, over the line's interval; machine: 1-min"
                + " load average / whole-machine cpu");
        System.out.println("   time   produced    /s     acked    /s   spool   lag ms p50     p99     max   agent cpu"
                + "  heap MiB  broker cpu  machine");

        Sampler sampler = new Sampler(registry, publisher, brokerProcess);
        Instant start = Instant.now();
        publisher.start();
        Histogram totalLag = new Histogram(3);
        long reportMillis = options.reportEvery().toMillis();
        long endMillis = options.duration().toMillis();
        long maxDepth = 0;
        long maxHeap = 0;
        long next = 1000;
        long nextReport = reportMillis;
        try {
            while (true) {
                long elapsed = Duration.between(start, Instant.now()).toMillis();
                if (elapsed < next) {
                    Thread.sleep(next - elapsed);
                    continue;
                }
                next += 1000;
                long depth = publisher.spoolDepth();
                maxDepth = Math.max(maxDepth, depth);
                maxHeap = Math.max(maxHeap, sampler.heapUsed());
                if (elapsed >= nextReport || elapsed >= endMillis) {
                    nextReport += reportMillis;
                    Histogram lag = registry.intervalHistogram();
                    totalLag.add(lag);
                    System.out.println(sampler.line(elapsed, depth, lag));
                }
                if (elapsed >= endMillis) {
                    break;
                }
            }
        } finally {
            long rounds = Duration.between(start, Instant.now()).toMillis() / options.heartbeat().toMillis();
            long sent = publisher.sent();
            long depth = publisher.spoolDepth();
            long dropped = (long) dropped(registry);
            long failures = publisher.failed();
            double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            publisher.stop();

            PublishVerdict verdict = PublishVerdict.judge(new PublishVerdict.Measured(eventsPerRound, rounds,
                    fleet.size(), sent + depth + dropped, maxDepth, depth,
                    Duration.ofNanos(totalLag.getMaxValue() * 1000), failures, dropped), options.heartbeat());
            System.out.println();
            System.out.printf("totals over %.0f s: produced %,d (%.1f/s), acknowledged %,d (%.1f/s), spool max %,d,"
                            + " final %,d, dropped %,d, send failures %,d%n", seconds, sent + depth + dropped,
                    (sent + depth + dropped) / seconds, sent, sent / seconds, maxDepth, depth, dropped, failures);
            System.out.printf("send lag over %,d events: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                    totalLag.getTotalCount(), ms(totalLag.getValueAtPercentile(50)),
                    ms(totalLag.getValueAtPercentile(99)), ms(totalLag.getValueAtPercentile(99.9)),
                    ms(totalLag.getMaxValue()));
            System.out.printf("agent process: cpu %s over the run, heap used max %d MiB%n",
                    sampler.totalCpu(), maxHeap >> 20);
            verdict.reasons().forEach(r -> System.out.println("  " + r));
            System.out.printf("VERDICT: %s (%,d nodes, heartbeat %s, %d CPUs)%n",
                    verdict.keptUp() ? "KEPT UP" : "FELL BEHIND", fleet.size(), options.heartbeat(),
                    Runtime.getRuntime().availableProcessors());
            return verdict.keptUp();
        }
    }

    /**
     * Starts one lease per node over the first {@code fraction} of its devices, as the lease-assignment listener would
     * on {@code lease.started}; returns how many usage samples each heartbeat round then sends.
     */
    private static long startLeases(InventoryPublisher publisher, List<SimulatedNode> fleet, double fraction) {
        long leased = 0;
        Instant now = Instant.now();
        for (SimulatedNode node : fleet) {
            int count = (int) Math.round(node.devices().size() * fraction);
            if (count == 0) {
                continue;
            }
            var devices = node.devices().subList(0, count);
            var first = devices.get(0);
            publisher.activeLeases().apply(new LeaseAssignment(java.util.UUID.randomUUID().toString(),
                    LeaseAssignment.TYPE_ASSIGNED, LeaseAssignment.SCHEMA_VERSION, now, node.nodeId(),
                    "lease-" + node.nodeId(), devices.stream().map(d -> d.deviceKey()).toList(),
                    first.memoryMiB() / 2));
            leased += count;
        }
        return leased;
    }

    private static double dropped(LagRecordingRegistry registry) {
        Gauge gauge = registry.find("computenet.agent.spool.dropped").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /**
     * The agent's configuration in simulate mode for {@code nodes} nodes in {@link #REGIONS} (seed {@link #SEED}),
     * with its spool in {@code spoolDir} and the nodes' identities next to it ({@code identity/}); no enrolment URL,
     * so every node must already have its identity there.
     */
    static AgentConfig simulateConfig(int nodes, Duration heartbeat, Path spoolDir) {
        AgentConfig.Simulate simulate = new AgentConfig.Simulate() {
            @Override
            public int nodes() {
                return nodes;
            }

            @Override
            public List<String> regions() {
                return REGIONS;
            }

            @Override
            public long seed() {
                return SEED;
            }

            @Override
            public Optional<String> tokensFile() {
                return Optional.empty();
            }

            @Override
            public int trainingNodes() {
                return 0;
            }

            @Override
            public String trainingRegion() {
                return REGIONS.get(0);
            }

            @Override
            public String trainingTopology() {
                return "rack-1";
            }

            @Override
            public Optional<String> silencedFile() {
                return Optional.empty();
            }
        };
        return new AgentConfig() {
            @Override
            public Mode mode() {
                return Mode.SIMULATE;
            }

            @Override
            public Duration heartbeatInterval() {
                return heartbeat;
            }

            @Override
            public String spoolDir() {
                return spoolDir.toString();
            }

            @Override
            public long spoolMaxBytes() {
                return SPOOL_MAX_BYTES;
            }

            @Override
            public String identityDir() {
                return spoolDir.resolveSibling("identity").toString();
            }

            @Override
            public Optional<String> identitySecretDir() {
                return Optional.empty();
            }

            @Override
            public Optional<String> kubernetesNodeName() {
                return Optional.empty();
            }

            @Override
            public Optional<String> topology() {
                return Optional.empty();
            }

            @Override
            public String hccnConf() {
                return "/etc/hccn.conf";
            }

            @Override
            public Enrollment enrollment() {
                return new Enrollment() {
                    @Override
                    public Optional<String> url() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> token() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> tokenFile() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> nodeName() {
                        return Optional.empty();
                    }
                };
            }

            @Override
            public Simulate simulate() {
                return simulate;
            }
        };
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("agent-publish-harness");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the counters and the CPU clocks between two report lines. */
    private static final class Sampler {

        private final LagRecordingRegistry registry;
        private final InventoryPublisher publisher;
        private final Optional<ProcessHandle> broker;
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final int cpus = Runtime.getRuntime().availableProcessors();
        private final long startNanos = System.nanoTime();
        private final Duration startCpu = cpu(ProcessHandle.current());
        private long lastNanos = startNanos;
        private Duration lastCpu = startCpu;
        private Duration lastBrokerCpu;
        private long lastProduced;
        private long lastSent;

        Sampler(LagRecordingRegistry registry, InventoryPublisher publisher, Optional<ProcessHandle> broker) {
            this.registry = registry;
            this.publisher = publisher;
            this.broker = broker;
            this.lastBrokerCpu = broker.map(AgentPublishHarness.Sampler::cpu).orElse(Duration.ZERO);
        }

        long heapUsed() {
            return memory.getHeapMemoryUsage().getUsed();
        }

        String line(long elapsedMillis, long depth, Histogram lag) {
            long now = System.nanoTime();
            double seconds = (now - lastNanos) / 1e9;
            long sent = publisher.sent();
            long produced = sent + depth + (long) dropped(registry);
            Duration cpu = cpu(ProcessHandle.current());
            Duration brokerCpu = broker.map(Sampler::cpu).orElse(Duration.ZERO);
            String line = String.format("%6.0fs %,9d %6.0f %,9d %6.0f %7d   %7.1f %7.1f %7.1f   %s  %8d   %s   %4.2f / %3.0f%%",
                    elapsedMillis / 1000.0, produced, (produced - lastProduced) / seconds, sent,
                    (sent - lastSent) / seconds, depth,
                    ms(lag.getValueAtPercentile(50)), ms(lag.getValueAtPercentile(99)), ms(lag.getMaxValue()),
                    share(cpu.minus(lastCpu), now - lastNanos), heapUsed() >> 20,
                    broker.isPresent() ? share(brokerCpu.minus(lastBrokerCpu), now - lastNanos) : "    -    ",
                    os.getSystemLoadAverage(), Math.max(0, os.getCpuLoad()) * 100);
            lastNanos = now;
            lastCpu = cpu;
            lastBrokerCpu = brokerCpu;
            lastProduced = produced;
            lastSent = sent;
            return line;
        }

        String totalCpu() {
            return share(cpu(ProcessHandle.current()).minus(startCpu), System.nanoTime() - startNanos)
                    + " (100 % = one core busy)";
        }

        /** CPU time over wall time as a share of one core, e.g. "35 % of a core"; also of all cores. */
        private String share(Duration cpu, long wallNanos) {
            double ofOneCore = cpu.toNanos() * 100.0 / wallNanos;
            return String.format("%4.0f%%/%3.0f%%", ofOneCore, ofOneCore / cpus);
        }

        private static Duration cpu(ProcessHandle process) {
            return process.info().totalCpuDuration().orElse(Duration.ZERO);
        }
    }
}
