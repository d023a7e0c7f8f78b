package io.computenet.nodeagent.publish;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.nodeagent.AgentConfig;
import io.computenet.nodeagent.discovery.NodeDiscovery;
import io.computenet.nodeagent.discovery.NvidiaSmiCsvParser;
import io.computenet.nodeagent.identity.Enrolment;
import io.computenet.nodeagent.identity.IdentityStore;
import io.computenet.nodeagent.identity.NodeIdentity;
import io.computenet.nodeagent.spool.Spool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A live agent whose vendor tool fails once keeps sending heartbeats afterwards; one whose devices change publishes
 * its inventory again.
 */
class HeartbeatRoundTest {

    @TempDir
    Path dir;

    @Test
    void aFailedHeartbeatRoundIsCountedAndTheNextRoundsStillRun() {
        // given: an enrolled live node whose tool fails on the first heartbeat only, and no Kafka (all stays spooled)
        new IdentityStore(dir.resolve("identity")).write(Enrolment.LIVE_NAME, new NodeIdentity("gpu-node-1",
                "a-credential-of-at-least-32-characters", "op-demo", "cn-east-yrd", "wuhu-1", Instant.now()));
        List<DeviceInfo> devices = new NvidiaSmiCsvParser()
                .parse("index, name, memory.total [MiB]\n0, NVIDIA H100 80GB HBM3, 81559 MiB\n");
        AtomicInteger calls = new AtomicInteger();
        Supplier<List<DeviceInfo>> tool = () -> {
            if (calls.incrementAndGet() == 2) { // call 1 is discovery at start, call 2 the first heartbeat
                throw new NodeDiscovery.DiscoveryToolException("nvidia-smi did not finish within 30 s");
            }
            return devices;
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InventoryPublisher publisher = new InventoryPublisher(liveConfig(dir), Map.of("bootstrap.servers",
                "127.0.0.1:1"), registry, tool);

        // when
        publisher.start();
        try {
            // then: the inventory and three heartbeats after the failed round are spooled
            await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() >= 5 && publisher.spoolDepth() >= 4);
            assertThat(registry.get("computenet.agent.sample.failures").counter().count()).isEqualTo(1.0);
        } finally {
            publisher.stop();
        }
    }

    @Test
    void aDeviceThatAppearsIsPublishedInAFreshInventoryAheadOfTheHeartbeatsThatFollow() {
        // given: an enrolled live node with one GPU whose readings change every round; from the fourth discovery on
        // a second GPU is there
        new IdentityStore(dir.resolve("identity")).write(Enrolment.LIVE_NAME, new NodeIdentity("gpu-node-1",
                "a-credential-of-at-least-32-characters", "op-demo", "cn-east-yrd", "wuhu-1", Instant.now()));
        AtomicInteger calls = new AtomicInteger();
        Supplier<List<DeviceInfo>> tool = () -> {
            int call = calls.incrementAndGet();
            String csv = "index, uuid, name, memory.total [MiB], utilization.gpu [%]\n"
                    + "0, GPU-0, NVIDIA H100 80GB HBM3, 81559 MiB, " + (call * 7 % 100) + " %\n"
                    + (call >= 4 ? "1, GPU-1, NVIDIA H100 80GB HBM3, 81559 MiB, 0 %\n" : "");
            return new NvidiaSmiCsvParser().parse(csv);
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InventoryPublisher publisher = new InventoryPublisher(liveConfig(dir), Map.of("bootstrap.servers",
                "127.0.0.1:1"), registry, tool);

        // when: the agent runs a few rounds past the change (no Kafka: everything stays spooled)
        publisher.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() >= 7 && publisher.spoolDepth() >= 7);
        } finally {
            publisher.stop();
        }

        // then: the start inventory lists one GPU, heartbeats with changing readings cause no inventory, and the round
        // that first saw the second GPU spooled an inventory listing both ahead of its heartbeat; once, not per round
        List<InventoryEvent> spooled;
        try (Spool spool = Spool.open(dir.resolve("spool"), 16L << 20)) {
            spooled = spool.peek(1000).stream().map(r -> EventCodec.decode(r.payload(), InventoryEvent.class))
                    .toList();
        }
        List<InventoryEvent> inventories = spooled.stream()
                .filter(e -> e.type().equals(InventoryEvent.TYPE_INVENTORY)).toList();
        assertThat(inventories).hasSize(2);
        assertThat(inventories.get(0).devices()).extracting(DeviceInfo::uuid).containsExactly("GPU-0");
        assertThat(inventories.get(1).devices()).extracting(DeviceInfo::uuid).containsExactly("GPU-0", "GPU-1");
        // each with the rack label its operator configured
        assertThat(inventories).extracting(InventoryEvent::topology).containsOnly(RACK);
        int republished = spooled.indexOf(inventories.get(1));
        assertThat(spooled.subList(1, republished)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.devices()).hasSize(1));
        assertThat(spooled.subList(republished + 1, spooled.size())).isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.type()).isEqualTo(InventoryEvent.TYPE_HEARTBEAT);
                    assertThat(e.devices()).hasSize(2);
                    // the node name from the downward API, not the container's host name
                    assertThat(e.hostname()).isEqualTo(KUBERNETES_NODE_NAME);
                });
        assertThat(registry.get("computenet.agent.inventory.republished").counter().count()).isEqualTo(1.0);
    }

    private static final String KUBERNETES_NODE_NAME = "gpu-node-7.dc1.example";

    private static final String RACK = "dc1/rack-7";

    private static AgentConfig liveConfig(Path dir) {
        return config(dir, AgentConfig.Mode.LIVE, null);
    }

    /** The agent's configuration with its files under {@code dir}; {@code simulate} only for simulate mode. */
    static AgentConfig config(Path dir, AgentConfig.Mode mode, AgentConfig.Simulate simulate) {
        return new AgentConfig() {
            @Override
            public Mode mode() {
                return mode;
            }

            @Override
            public Optional<String> topology() {
                return Optional.of(RACK);
            }

            @Override
            public String hccnConf() {
                return "/etc/hccn.conf";
            }

            @Override
            public Duration heartbeatInterval() {
                return Duration.ofMillis(100);
            }

            @Override
            public String spoolDir() {
                return dir.resolve("spool").toString();
            }

            @Override
            public long spoolMaxBytes() {
                return 16L << 20;
            }

            @Override
            public String identityDir() {
                return dir.resolve("identity").toString();
            }

            @Override
            public Optional<String> identitySecretDir() {
                return Optional.empty();
            }

            @Override
            public Optional<String> kubernetesNodeName() {
                return Optional.of(KUBERNETES_NODE_NAME);
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
                        return Optional.of("gpu-node-1");
                    }
                };
            }

            @Override
            public Simulate simulate() {
                if (simulate == null) {
                    throw new UnsupportedOperationException("live mode");
                }
                return simulate;
            }
        };
    }
}
