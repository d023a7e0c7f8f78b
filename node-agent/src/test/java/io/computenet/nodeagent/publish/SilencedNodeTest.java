package io.computenet.nodeagent.publish;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.nodeagent.AgentConfig;
import io.computenet.nodeagent.fleet.FleetSimulator;
import io.computenet.nodeagent.fleet.SimulatedNode;
import io.computenet.nodeagent.identity.IdentityStore;
import io.computenet.nodeagent.identity.NodeIdentity;
import io.computenet.nodeagent.spool.Spool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A simulated node listed in the silenced-nodes file sends nothing more, as a dead machine, while the rest of the
 * fleet goes on; the training block's nodes report their shared rack label.
 */
class SilencedNodeTest {

    private static final String REGION = "cn-west-gz:guian-1";

    @TempDir
    Path dir;

    @Test
    void aSilencedNodeSendsNoMoreHeartbeatsWhileTheOthersDo() throws Exception {
        // given: a simulated fleet of two training nodes, both enrolled, and no Kafka (everything stays spooled)
        Path silenced = dir.resolve("silenced-nodes");
        AgentConfig config = HeartbeatRoundTest.config(dir, AgentConfig.Mode.SIMULATE, simulate(silenced));
        List<SimulatedNode> planned = new FleetSimulator().fleet(0, List.of(FleetSimulator.Placement.parse(REGION)),
                new FleetSimulator.Training(2, FleetSimulator.Placement.parse(REGION), "guian-1/rack-a12"), "op", 42);
        IdentityStore identities = new IdentityStore(dir.resolve("identity"));
        for (SimulatedNode n : planned) {
            identities.write(n.nodeId(), new NodeIdentity(n.nodeId(), "a-credential-of-at-least-32-characters",
                    "op-demo", "cn-west-gz", "guian-1", Instant.now()));
        }
        String dead = planned.get(1).nodeId();
        InventoryPublisher publisher = new InventoryPublisher(config, Map.of("bootstrap.servers", "127.0.0.1:1"),
                new SimpleMeterRegistry(), List::of);

        // when: a few rounds run, then the second node is silenced and a few more run
        publisher.start();
        long before;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.spoolDepth() >= 2 + 2 * 3);
            Files.writeString(silenced, "# failed by the test\n" + dead + "\n");
            before = publisher.spoolDepth();
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.spoolDepth() >= before + 6);
        } finally {
            publisher.stop();
        }

        // then: both nodes' inventories carry the rack label; once silenced, only the other node's heartbeats follow
        List<InventoryEvent> spooled;
        try (Spool spool = Spool.open(dir.resolve("spool"), 16L << 20)) {
            spooled = spool.peek(1000).stream().map(r -> EventCodec.decode(r.payload(), InventoryEvent.class))
                    .toList();
        }
        assertThat(spooled.stream().filter(e -> e.type().equals(InventoryEvent.TYPE_INVENTORY)))
                .extracting(InventoryEvent::nodeId, InventoryEvent::topology)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(planned.get(0).nodeId(),
                        "guian-1/rack-a12"), org.assertj.core.groups.Tuple.tuple(dead, "guian-1/rack-a12"));
        // (at most one round read the file just before it was written: the last three rounds came after it)
        List<InventoryEvent> last = spooled.subList(spooled.size() - 3, spooled.size());
        assertThat(last).extracting(InventoryEvent::nodeId).containsOnly(planned.get(0).nodeId());
        assertThat(spooled.subList(0, (int) before)).extracting(InventoryEvent::nodeId).contains(dead);
    }

    private static AgentConfig.Simulate simulate(Path silenced) {
        return new AgentConfig.Simulate() {
            @Override
            public int nodes() {
                return 0;
            }

            @Override
            public List<String> regions() {
                return List.of(REGION);
            }

            @Override
            public long seed() {
                return 42;
            }

            @Override
            public Optional<String> tokensFile() {
                return Optional.empty();
            }

            @Override
            public int trainingNodes() {
                return 2;
            }

            @Override
            public String trainingRegion() {
                return REGION;
            }

            @Override
            public String trainingTopology() {
                return "guian-1/rack-a12";
            }

            @Override
            public Optional<String> silencedFile() {
                return Optional.of(silenced.toString());
            }
        };
    }
}
