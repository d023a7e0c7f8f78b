package io.computenet.billing.usage;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeUtilisationTest {

    private static final Instant SINCE = Instant.parse("2026-11-10T10:00:00Z");
    private static final Instant UNTIL = SINCE.plusSeconds(120);
    private static final Duration HOLD = Duration.ofSeconds(60);

    private static UsageSamples.Sample sample(String node, String device, int second, Double pct, Long mib) {
        return new UsageSamples.Sample(SINCE.plusSeconds(second), node, device, pct, mib);
    }

    private static List<NodeUtilisation.Node> of(List<UsageSamples.Sample> samples, Map<String, Integer> enrolled) {
        return NodeUtilisation.of(samples, enrolled, SINCE, UNTIL, HOLD);
    }

    @Test
    void weighsEachSampleByTheTimeItCoversNotByTheSamplesCount() {
        // given: over an hour, one device idle for 50 minutes sampled every 60 s (50 samples at 0 %), then busy for 10
        // minutes sampled every 10 s (60 samples at 100 %)
        List<UsageSamples.Sample> samples = new ArrayList<>();
        for (int s = 0; s < 3000; s += 60) {
            samples.add(sample("node-a", "gpu0", s, 0.0, null));
        }
        for (int s = 3000; s < 3600; s += 10) {
            samples.add(sample("node-a", "gpu0", s, 100.0, null));
        }

        // when
        List<NodeUtilisation.Node> nodes = NodeUtilisation.of(samples, Map.of("node-a", 1), SINCE,
                SINCE.plusSeconds(3600), HOLD);

        // then: busy a sixth of the hour (the samples' count mean would be 60 / 110 = 54.5 %)
        assertThat(nodes.get(0).utilizationPct()).isEqualTo(16.7);
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

        // when: a window of 120 s, a sample holding at most 60 s
        List<NodeUtilisation.Node> nodes = of(samples, Map.of("node-a", 4, "node-b", 2));

        // then: gpu0 is at (60 s x 50 % + 50 s x 70 %) / 120 s = 54.17 %, gpu1 at 60 s x 90 % / 120 s = 45 %, so
        // a = (54.17 + 45 + 0 + 0) / 4; b's idle device is at 0, its leased one has no figure
        assertThat(nodes).containsExactly(
                new NodeUtilisation.Node("node-a", 4, 2, 24.8, 6000, SINCE.plusSeconds(70), SINCE),
                new NodeUtilisation.Node("node-b", 2, 1, 0.0, 512, SINCE.plusSeconds(20), SINCE));
    }

    @Test
    void aNodeWithoutLeasesIsIdleAtZeroPercent() {
        // when
        List<NodeUtilisation.Node> nodes = of(List.of(), Map.of("node-idle", 8));

        // then
        assertThat(nodes).containsExactly(new NodeUtilisation.Node("node-idle", 8, 0, 0.0, 0, null, SINCE));
    }

    @Test
    void aFullyBusyNodeIsAtItsDevicesMean() {
        // given: both enrolled devices leased and sampled all through the window
        List<UsageSamples.Sample> samples = List.of(sample("node-a", "gpu0", 0, 80.0, null),
                sample("node-a", "gpu0", 60, 80.0, null), sample("node-a", "gpu1", 0, 100.0, null),
                sample("node-a", "gpu1", 60, 100.0, null));

        // when / then
        assertThat(of(samples, Map.of("node-a", 2)).get(0).utilizationPct()).isEqualTo(90.0);
    }

    @Test
    void countsDevicesThatReportedBeyondTheEnrolledCount() {
        // given: a node billing was told has no devices, and a node it was not asked about, both reporting
        List<UsageSamples.Sample> samples = List.of(sample("node-a", "gpu0", 0, 40.0, 100L),
                sample("node-a", "gpu0", 60, 40.0, 100L), sample("node-x", "gpu0", 0, 20.0, 100L),
                sample("node-x", "gpu0", 60, 20.0, 100L));

        // when
        List<NodeUtilisation.Node> nodes = of(samples, Map.of("node-a", 0));

        // then
        assertThat(nodes).extracting(NodeUtilisation.Node::nodeId, NodeUtilisation.Node::devices,
                NodeUtilisation.Node::utilizationPct).containsExactly(
                org.assertj.core.groups.Tuple.tuple("node-a", 1, 40.0),
                org.assertj.core.groups.Tuple.tuple("node-x", 1, 20.0));
    }

    @Test
    void hasNoFigureForANodeWithoutDevices() {
        assertThat(of(List.of(), Map.of("node-empty", 0)))
                .containsExactly(new NodeUtilisation.Node("node-empty", 0, 0, null, 0, null, SINCE));
        assertThat(of(List.of(), Map.of())).isEmpty();
    }
}
