package io.computenet.billing.usage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeUtilisationTest {

    private static final Instant SINCE = Instant.parse("2026-11-10T10:00:00Z");

    private static UsageSamples.Sample sample(String node, String device, int second, Double pct, Long mib) {
        return new UsageSamples.Sample(SINCE.plusSeconds(second), node, device, pct, mib);
    }

    @Test
    void averagesEachDeviceAndCountsTheNodesIdleDevicesAtZero() {
        // given: node a has 4 devices, two leased (gpu0 sampled at 50 % then 70 %, gpu1 at 90 %); node b has 2, one
        // leased and reporting memory only
        List<UsageSamples.Sample> samples = List.of(
                sample("node-a", "gpu0", 10, 50.0, 1000L),
                sample("node-a", "gpu0", 70, 70.0, 2000L),
                sample("node-a", "gpu1", 40, 90.0, 4000L),
                sample("node-b", "npu0", 20, null, 512L));

        // when
        List<NodeUtilisation.Node> nodes = NodeUtilisation.of(samples, Map.of("node-a", 4, "node-b", 2), SINCE);

        // then: a = (60 + 90 + 0 + 0) / 4; b's idle device is at 0, its leased one has no figure
        assertThat(nodes).containsExactly(
                new NodeUtilisation.Node("node-a", 4, 2, 37.5, 6000, SINCE.plusSeconds(70), SINCE),
                new NodeUtilisation.Node("node-b", 2, 1, 0.0, 512, SINCE.plusSeconds(20), SINCE));
    }

    @Test
    void aNodeWithoutLeasesIsIdleAtZeroPercent() {
        // when
        List<NodeUtilisation.Node> nodes = NodeUtilisation.of(List.of(), Map.of("node-idle", 8), SINCE);

        // then
        assertThat(nodes).containsExactly(new NodeUtilisation.Node("node-idle", 8, 0, 0.0, 0, null, SINCE));
    }

    @Test
    void aFullyBusyNodeIsAtItsDevicesMean() {
        // given: both enrolled devices leased
        List<UsageSamples.Sample> samples = List.of(sample("node-a", "gpu0", 10, 80.0, null),
                sample("node-a", "gpu1", 10, 100.0, null));

        // when / then
        assertThat(NodeUtilisation.of(samples, Map.of("node-a", 2), SINCE).get(0).utilizationPct()).isEqualTo(90.0);
    }

    @Test
    void countsDevicesThatReportedBeyondTheEnrolledCount() {
        // given: a node billing was told has no devices, and a node it was not asked about, both reporting
        List<UsageSamples.Sample> samples = List.of(sample("node-a", "gpu0", 10, 40.0, 100L),
                sample("node-x", "gpu0", 10, 20.0, 100L));

        // when
        List<NodeUtilisation.Node> nodes = NodeUtilisation.of(samples, Map.of("node-a", 0), SINCE);

        // then
        assertThat(nodes).extracting(NodeUtilisation.Node::nodeId, NodeUtilisation.Node::devices,
                NodeUtilisation.Node::utilizationPct).containsExactly(
                org.assertj.core.groups.Tuple.tuple("node-a", 1, 40.0),
                org.assertj.core.groups.Tuple.tuple("node-x", 1, 20.0));
    }

    @Test
    void hasNoFigureForANodeWithoutDevices() {
        assertThat(NodeUtilisation.of(List.of(), Map.of("node-empty", 0), SINCE))
                .containsExactly(new NodeUtilisation.Node("node-empty", 0, 0, null, 0, null, SINCE));
        assertThat(NodeUtilisation.of(List.of(), Map.of(), SINCE)).isEmpty();
    }
}
