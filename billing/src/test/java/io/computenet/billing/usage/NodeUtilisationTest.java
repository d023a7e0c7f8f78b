package io.computenet.billing.usage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NodeUtilisationTest {

    private static final Instant SINCE = Instant.parse("2026-11-10T10:00:00Z");

    private static UsageSamples.Sample sample(String node, String device, int second, Double pct, Long mib) {
        return new UsageSamples.Sample(SINCE.plusSeconds(second), node, device, pct, mib);
    }

    @Test
    void averagesEachNodesSamplesAndAddsItsDevicesLatestMemory() {
        // given: node a with two devices (one sampled twice), node b with one
        List<UsageSamples.Sample> samples = List.of(
                sample("node-a", "gpu0", 10, 50.0, 1000L),
                sample("node-a", "gpu0", 70, 70.0, 2000L),
                sample("node-a", "gpu1", 40, 90.0, 4000L),
                sample("node-b", "npu0", 20, null, 512L));

        // when
        List<NodeUtilisation.Node> nodes = NodeUtilisation.of(samples, SINCE);

        // then
        assertThat(nodes).containsExactly(
                new NodeUtilisation.Node("node-a", 2, 70.0, 6000, SINCE.plusSeconds(70), SINCE),
                new NodeUtilisation.Node("node-b", 1, null, 512, SINCE.plusSeconds(20), SINCE));
    }

    @Test
    void hasNoEntryForANodeWithoutSamples() {
        assertThat(NodeUtilisation.of(List.of(), SINCE)).isEmpty();
    }
}
