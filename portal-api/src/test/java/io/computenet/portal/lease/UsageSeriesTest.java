package io.computenet.portal.lease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UsageSeriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration HOLD = Duration.ofSeconds(60);

    private static JsonNode sample(String device, int second, Double pct, Long mib) {
        ObjectNode n = JSON.createObjectNode().put("sampledAt", T0.plusSeconds(second).toString())
                .put("nodeId", "node-a").put("deviceKey", device);
        if (pct == null) {
            n.putNull("utilizationPct");
        } else {
            n.put("utilizationPct", pct);
        }
        if (mib != null) {
            n.put("memoryUsedMiB", mib);
        }
        return n;
    }

    @Test
    void eachStepWeighsTheSamplesByTheTimeTheyCoverInIt() {
        // given: over one step (the first 10 s) gpu0 at 0 % for 8 s and at 100 % for 2 s; gpu1 at 50 % throughout
        List<JsonNode> samples = List.of(sample("gpu0", 0, 0.0, 1000L), sample("gpu0", 8, 100.0, 3000L),
                sample("gpu0", 10, 100.0, 3000L), sample("gpu1", 0, 50.0, 500L), sample("gpu1", 10, 50.0, 500L));

        // when
        List<UsageSeries.Point> points = UsageSeries.of(samples, HOLD);

        // then: the first step is (8 x 0 + 2 x 100 + 10 x 50) / 20 device-seconds = 35 %, where the samples' count
        // mean would say 50 %; memory is gpu0's 1,400 MiB on average plus gpu1's 500
        assertThat(points.get(0)).isEqualTo(new UsageSeries.Point(T0, 35.0, 1900L));
        assertThat(points.get(1)).isEqualTo(new UsageSeries.Point(T0.plusSeconds(10), 75.0, 3500L));
    }

    @Test
    void aStepNoSampleCoversIsAGapNotZero() {
        // given: one device sampled at 0 s and again 200 s later (its agent was silent in between)
        List<JsonNode> samples = List.of(sample("gpu0", 0, 80.0, null), sample("gpu0", 200, 80.0, null));

        // when
        List<UsageSeries.Point> points = UsageSeries.of(samples, HOLD);

        // then: 80 % while the first sample holds (60 s), no figure for the steps after until the second
        assertThat(points).filteredOn(p -> p.at().isBefore(T0.plusSeconds(60)))
                .allSatisfy(p -> assertThat(p.utilizationPct()).isEqualTo(80.0));
        assertThat(points).filteredOn(p -> !p.at().isBefore(T0.plusSeconds(60)) && p.at().isBefore(T0.plusSeconds(200)))
                .isNotEmpty().allSatisfy(p -> assertThat(p.utilizationPct()).isNull());
        assertThat(points).allSatisfy(p -> assertThat(p.memoryUsedMiB()).isNull());
    }

    @Test
    void aLongLeaseHasAtMostMaxPointsInWholeSecondSteps() {
        // given: a device sampled every 10 s for a day
        List<JsonNode> samples = new ArrayList<>();
        for (int s = 0; s < 86_400; s += 10) {
            samples.add(sample("gpu0", s, 10.0, null));
        }

        // when
        List<UsageSeries.Point> points = UsageSeries.of(samples, HOLD);

        // then
        assertThat(points).hasSizeLessThanOrEqualTo(UsageSeries.MAX_POINTS);
        assertThat(Duration.between(points.get(0).at(), points.get(1).at()).toMillis() % 1000).isZero();
        assertThat(points).allSatisfy(p -> assertThat(p.utilizationPct()).isEqualTo(10.0));
        assertThat(UsageSeries.step(Duration.ofSeconds(30))).isEqualTo(UsageSeries.MIN_STEP);
    }

    @Test
    void noSamplesNoSeries() {
        assertThat(UsageSeries.of(List.of(), HOLD)).isEmpty();
    }
}
