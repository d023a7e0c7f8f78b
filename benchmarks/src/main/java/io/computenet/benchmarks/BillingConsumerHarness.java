package io.computenet.benchmarks;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.access.KafkaAccess;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.contracts.usage.UsageEvent;
import io.computenet.devstack.Directories;
import io.computenet.devstack.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How many lease events per second does billing apply from a real broker into PostgreSQL, beside how fast a plain
 * consumer reads the same records from that broker? The billing issue's "consumer throughput from a real broker into
 * PostgreSQL, in events/s, beside the broker's own consumer rate measured in the same run".
 *
 * <p>It starts PostgreSQL, the KRaft broker with SCRAM logins and ACLs and Keycloak as the devstack does
 * ({@link BillingStack}), then, logged in as the {@code scheduler} principal (the only one the broker lets write these
 * topics), produces {@code --rows} events for leases as the scheduler writes them: per lease {@code lease.scheduled},
 * {@code lease.started}, two usage samples from while it ran (verified-usage topic) and {@code lease.ended}, keyed by
 * the lease, in that order, over the demo price books' offers (whole devices, MIG, vNPU, soft slices, one lease in
 * five interruptible). Then:
 * <ol>
 *   <li><b>the broker's own rate</b>: a plain {@code KafkaConsumer} logged in as {@code billing} reads every record of
 *   both topics from the beginning (assigned partitions, no group, nothing decoded: what
 *   {@code kafka-consumer-perf-test} measures);</li>
 *   <li><b>billing's rate</b>: billing's packaged jar starts on the full topics (group {@code computenet-billing},
 *   earliest) and applies them: a lease event once per event id (a {@code processed_events} row, the charge opened,
 *   rated, closed, the draws), a usage sample stored once ({@code usage_samples}). The harness counts both tables every
 *   second until every event is applied and the group's committed offsets reached the end of both topics.</li>
 * </ol>
 * The rate is taken from the first applied event to the last (billing's start-up excluded), with the CPU of billing,
 * PostgreSQL and the broker meanwhile.
 */
public final class BillingConsumerHarness implements HarnessMain.Harness {

    static final String USAGE = """
            usage: java -cp benchmarks/target/benchmarks.jar io.computenet.benchmarks.BillingConsumerHarness [options]
              --rows N             lease events produced, five per lease (default 200000)
              --tenants N          tenants the leases belong to (default 100)
              --home DIR           repository root with the built billing service and broker jars (default .)
              --broker-libs DIR    Kafka broker jars, relative to --home (default kafka-broker/target/libs)
              --billing-heap S     billing's -Xmx (default as ./computenet up)
              --work-dir DIR       data and logs (default: a new temporary directory, deleted after)
              --keep-work-dir      keep the work directory
            """;
    static final int EVENTS_PER_LEASE = 5;
    /**
     * How long the broker's consumer or billing may apply nothing before the run is given up: no limit on the whole
     * run, which on a busy machine under {@code nice -n 19} may take hours (an earlier fixed 30-minute limit ended
     * starved runs that were still making progress).
     */
    static final Duration STALLED = Duration.ofMinutes(15);
    private static final Instant FIRST_START = Instant.parse("2026-11-02T00:00:00Z");
    /** Region, vendor, model, slice kind, profile, share: offers the demo price books price. */
    private static final List<String[]> OFFERS = List.of(
            new String[] {"cn-east-yrd", "NVIDIA", "H100 80GB HBM3", null, null, "1"},
            new String[] {"cn-west-nm", "NVIDIA", "A100-SXM4-80GB", "MIG", "3g.40gb", "0.4286"},
            new String[] {"cn-west-gz", "HUAWEI_ASCEND", "Ascend910B3", "VNPU", "vir10_3c_32g", "0.5000"},
            new String[] {"cn-east-yrd", "CAMBRICON", "MLU370-X8", null, null, "1"},
            new String[] {"cn-west-nm", "NVIDIA", "GeForce RTX 4090", "SOFT", null, "0.2500"});

    private final FocusExportOptions options;
    private final StartedComponents started = new StartedComponents();
    /** Milliseconds of CPU per applied event of billing, the broker and PostgreSQL, once measured. */
    private Map<String, Double> cpuPerEvent = Map.of();

    private BillingConsumerHarness(FocusExportOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        HarnessMain.run("billing consumer harness", args, BillingConsumerHarness::parse, USAGE,
                BillingConsumerHarness::new);
    }

    static FocusExportOptions parse(String... args) {
        FocusExportOptions o = FocusExportOptions.parse(200_000, args);
        if (o.check()) {
            throw new IllegalArgumentException("--check is the FOCUS export harness's option");
        }
        if (o.rows() % EVENTS_PER_LEASE != 0) {
            throw new IllegalArgumentException("--rows must be a multiple of " + EVENTS_PER_LEASE
                    + " (five events per lease)");
        }
        return o;
    }

    @Override
    public void closeAll() {
        started.closeAll();
    }

    @Override
    public int run() throws Exception {
        boolean temporary = options.workDir().isEmpty();
        Path workDir = options.workDir().orElse(Files.createTempDirectory("billing-consumer-harness"))
                .toAbsolutePath();
        try {
            LeaseLoadHarness.printMachine();
            return drive(options.home().toAbsolutePath().normalize(), workDir);
        } finally {
            closeAll();
            if (temporary && !options.keepWorkDir()) {
                Directories.deleteTree(workDir);
            } else {
                System.out.println("work directory kept: " + workDir);
            }
        }
    }

    private int drive(Path home, Path workDir) throws Exception {
        System.out.println("starting PostgreSQL (embedded), Kafka (SCRAM, ACLs) and Keycloak ...");
        BillingStack stack = BillingStack.start(started, home, workDir, options.brokerLibs());
        long events = options.rows();

        long t0 = System.nanoTime();
        produce(stack);
        System.out.printf("produced %,d events (%,d leases) as the scheduler in %.1f s%n", events,
                events / EVENTS_PER_LEASE, (System.nanoTime() - t0) / 1e9);

        Rate broker = brokerRate(stack, events);
        System.out.printf("broker: a plain consumer (principal billing, no group) read %,d records (%,d bytes) in"
                + " %.2f s: %,.0f records/s, %.1f MB/s%n", broker.events(), broker.bytes(), broker.seconds(),
                broker.perSecond(), broker.bytes() / broker.seconds() / 1e6);

        Rate billing = billingRate(stack, events);
        System.out.printf("billing: applied %,d events into PostgreSQL in %.1f s after its first applied one:"
                + " %,.0f events/s (%.1f %% of the broker's rate)%n", billing.events(), billing.seconds(),
                billing.perSecond(), 100 * billing.perSecond() / broker.perSecond());
        long applied;
        try (Connection db = stack.database()) {
            applied = applied(db);
        }
        boolean all = applied == events;
        System.out.printf("RESULT events=%d broker_events_per_s=%.0f billing_events_per_s=%.0f billing_seconds=%.1f"
                + " billing_cpu_ms_per_event=%.3f postgres_cpu_ms_per_event=%.3f applied=%s heap=%s%n", events,
                broker.perSecond(), billing.perSecond(), billing.seconds(), cpuPerEvent.getOrDefault("billing", 0.0),
                cpuPerEvent.getOrDefault("postgres", 0.0), all ? "all" : "WRONG", options.billingHeap());
        return all ? 0 : 1;
    }

    /** Writes the events as the scheduler does (its principal, acks=all, keyed by lease). */
    private void produce(BillingStack stack) throws InterruptedException, ExecutionException {
        Map<String, Object> config = new HashMap<>(stack.kafka().clientConfig(KafkaAccess.SCHEDULER));
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("linger.ms", "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            AtomicReference<Exception> failed = new AtomicReference<>();
            for (int i = 0; i < options.rows() / EVENTS_PER_LEASE; i++) {
                for (ProducerRecord<String, String> r : records(i, options.tenants())) {
                    producer.send(r, (m, e) -> {
                        if (e != null) {
                            failed.compareAndSet(null, e);
                        }
                    });
                }
            }
            producer.flush();
            if (failed.get() != null) {
                throw new ExecutionException("producing as the scheduler failed", failed.get());
            }
        }
    }

    /** The five records of the i-th lease, in the order the scheduler writes them. */
    static List<ProducerRecord<String, String>> records(int i, int tenants) {
        String[] o = OFFERS.get(i % OFFERS.size());
        boolean whole = o[3] == null;
        int devices = whole ? (i % 3 == 0 ? 8 : i % 3 == 1 ? 2 : 1) : 1;
        boolean interruptible = i % 5 == 4;
        String leaseId = String.format("ls-bench-%08d", i);
        String tenant = "tenant-" + (i % tenants);
        String node = o[0] + "-node-" + (i % 200);
        Instant start = FIRST_START.plusSeconds(i * 37L % 2_000_000);
        Instant end = start.plusSeconds(60 + i * 7_919L % 86_000);
        List<String> keys = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            keys.add(node + "-dev-" + d);
        }
        BigDecimal share = new BigDecimal(o[5]);
        Vendor vendor = Vendor.valueOf(o[1]);
        LeaseEvent scheduled = LeaseEvent.of(LeaseEvent.TYPE_SCHEDULED, start.minusSeconds(5), leaseId, tenant,
                LeaseState.SCHEDULED, o[0], o[0] + "-1", node, "op-" + (i % 20), vendor, o[2], devices, 81_559,
                keys, null, null, null, o[3], o[4], share, interruptible);
        LeaseEvent running = LeaseEvent.of(LeaseEvent.TYPE_STARTED, start, leaseId, tenant, LeaseState.RUNNING, o[0],
                o[0] + "-1", node, "op-" + (i % 20), vendor, o[2], devices, 81_559, keys, start, null, null, o[3],
                o[4], share, interruptible);
        LeaseEvent ended = LeaseEvent.of(LeaseEvent.TYPE_ENDED, end, leaseId, tenant, LeaseState.RELEASED, o[0],
                o[0] + "-1", node, "op-" + (i % 20), vendor, o[2], devices, 81_559, keys, start, end, "released",
                o[3], o[4], share, interruptible);
        long half = (end.getEpochSecond() - start.getEpochSecond()) / 2;
        return List.of(
                new ProducerRecord<>(Topics.LEASE_EVENTS, leaseId, EventCodec.encode(scheduled)),
                new ProducerRecord<>(Topics.LEASE_EVENTS, leaseId, EventCodec.encode(running)),
                new ProducerRecord<>(Topics.USAGE_VERIFIED, leaseId, EventCodec.encode(UsageEvent.sample(
                        start.plusSeconds(half / 2), leaseId, node, keys.get(0), 71.5, 40_960L))),
                new ProducerRecord<>(Topics.USAGE_VERIFIED, leaseId, EventCodec.encode(UsageEvent.sample(
                        start.plusSeconds(half), leaseId, node, keys.get(0), 93.0, 61_440L))),
                new ProducerRecord<>(Topics.LEASE_EVENTS, leaseId, EventCodec.encode(ended)));
    }

    /** What was consumed, in how long. */
    record Rate(long events, long bytes, double seconds) {
        double perSecond() {
            return seconds > 0 ? events / seconds : 0;
        }
    }

    /** A plain consumer reads every record of billing's two input topics once, as fast as the broker serves them. */
    private static Rate brokerRate(BillingStack stack, long expected) {
        Map<String, Object> config = new HashMap<>(stack.kafka().clientConfig(KafkaAccess.BILLING));
        config.put("enable.auto.commit", "false");
        config.put("max.poll.records", "2000");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.LEASE_EVENTS, Topics.USAGE_VERIFIED)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long records = 0;
            long bytes = 0;
            long start = System.nanoTime();
            long lastProgress = start;
            while (records < expected && System.nanoTime() - lastProgress < STALLED.toNanos()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    bytes += r.serializedKeySize() + r.serializedValueSize();
                    lastProgress = System.nanoTime();
                }
            }
            return new Rate(records, bytes, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Starts billing on the full topics and counts what it applied every second until all of it is, and its group's
     * committed offsets reached the end; prints a line per 5 s with the CPU of billing, PostgreSQL and the broker.
     */
    private Rate billingRate(BillingStack stack, long expected) throws Exception {
        System.out.println("starting billing on the full topics ...");
        long launched = System.nanoTime();
        ServiceProcess billing = stack.launchBilling(started, options.billingHeap());
        CpuSampler cpu = new CpuSampler().process("billing", billing.pid()).process("kafka", stack.kafka().pid());
        stack.postgres().pid().ifPresent(pid -> cpu.process("postgres", pid));
        try (Connection db = stack.database(); Admin admin = Admin.create(stack.kafka().superUser())) {
            long firstApplied = 0;
            long appliedAtFirst = 0;
            long allApplied = 0;
            long applied = 0;
            CpuSampler.Sample from = null;
            CpuSampler.Sample to = null;
            CpuSampler.Sample lastPrinted = cpu.sample();
            // no cap on the whole run (a niced run on a busy machine may take hours); it ends early only when
            // billing applied nothing for STALLED (stopped, or wedged), not because it is slow
            long lastProgress = launched;
            long appliedBefore = 0;
            while (true) {
                applied = applied(db);
                long now = System.nanoTime();
                if (applied > appliedBefore) {
                    lastProgress = now;
                    appliedBefore = applied;
                }
                if (!billing.isAlive() || now - lastProgress > STALLED.toNanos()) {
                    break;
                }
                if (firstApplied == 0 && applied > 0) {
                    firstApplied = now;
                    appliedAtFirst = applied;
                    from = cpu.sample();
                    System.out.printf("  first events applied %.1f s after billing's launch%n",
                            (now - launched) / 1e9);
                }
                if (allApplied == 0 && applied >= expected) {
                    allApplied = now;
                    to = cpu.sample();
                }
                if (allApplied != 0 && caughtUp(admin)) {
                    break;
                }
                if (now - lastPrinted.nanos() >= TimeUnit.SECONDS.toNanos(5)) {
                    CpuSampler.Sample s = cpu.sample();
                    // CPU per event since the first applied one: the figure a starved, niced run still gives
                    String perEvent = from == null ? "" : String.format("  billing %.2f ms/event so far, load %s",
                            cpuMillisPerEvent(from, s, applied - appliedAtFirst).get("billing"), loadAverage());
                    System.out.printf("  %5.0f s  applied %,9d of %,d  cpu %s%s%n", (now - launched) / 1e9, applied,
                            expected, CpuSampler.format(CpuSampler.shares(lastPrinted, s), k -> k), perEvent);
                    lastPrinted = s;
                }
                Thread.sleep(1000);
            }
            if (allApplied == 0 || !caughtUp(admin)) {
                throw new IllegalStateException("billing applied " + applied + " of " + expected + " events, then "
                        + (billing.isAlive() ? "nothing more for " + STALLED.toMinutes() + " minutes" : "it exited"));
            }
            System.out.printf("  every event applied %.1f s after billing's launch, its group's offsets committed to"
                    + " the end %.1f s after; billing RSS %,d MiB (peak %,d MiB)%n", (allApplied - launched) / 1e9,
                    (System.nanoTime() - allApplied) / 1e9, FocusExportHarness.status(billing.pid(), "VmRSS") / 1024,
                    FocusExportHarness.status(billing.pid(), "VmHWM") / 1024);
            System.out.printf("  cpu from the first applied event to the last (share of one core): %s%n",
                    CpuSampler.format(CpuSampler.shares(from, to), k -> k));
            cpuPerEvent = cpuMillisPerEvent(from, to, applied - appliedAtFirst);
            System.out.printf("  cpu per applied event (what a loaded machine distorts least): %s; load average"
                    + " now %s%n", cpuPerEvent.entrySet().stream()
                    .map(e -> String.format("%s %.3f ms", e.getKey(), e.getValue()))
                    .collect(java.util.stream.Collectors.joining("  ")), loadAverage());
            return new Rate(applied - appliedAtFirst, 0, (allApplied - firstApplied) / 1e9);
        }
    }

    /** Milliseconds of CPU per event of each part the sampler follows (billing, kafka, postgres) between two samples. */
    static Map<String, Double> cpuMillisPerEvent(CpuSampler.Sample from, CpuSampler.Sample to, long events) {
        Map<String, Double> perEvent = new java.util.LinkedHashMap<>();
        to.parts().forEach((part, cpu) -> perEvent.put(part, events == 0 ? 0
                : cpu.minus(from.parts().getOrDefault(part, Duration.ZERO)).toNanos() / 1e6 / events));
        return perEvent;
    }

    /** The first three fields of {@code /proc/loadavg}. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Lease events applied (one {@code processed_events} row each) plus usage samples stored. */
    private static long applied(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("select (select count(*) from processed_events)"
                     + " + (select count(*) from usage_samples)")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // Flyway has not created the tables yet
            }
            throw e;
        }
    }

    /** Whether billing's group committed the end offset of every partition of its two input topics. */
    private static boolean caughtUp(Admin admin) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("computenet-billing")
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : List.of(Topics.LEASE_EVENTS, Topics.USAGE_VERIFIED)) {
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        }
        var ends = admin.listOffsets(latest).all().get();
        return ends.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata c = committed.get(e.getKey());
            return c != null && c.offset() >= e.getValue().offset();
        });
    }
}
