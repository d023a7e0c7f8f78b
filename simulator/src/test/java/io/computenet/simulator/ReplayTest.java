package io.computenet.simulator;

import io.computenet.placement.policy.BestFit;
import io.computenet.placement.policy.Fragmentation;
import io.computenet.placement.policy.GpuTask;
import io.computenet.placement.policy.NodeState;
import io.computenet.placement.policy.TaskShape;
import io.computenet.placement.policy.TypicalTasks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReplayTest {

    @Test
    void countsPlacedAndFailedTasksAndLogsAllocationAgainstArrivedLoad() {
        // given 2 GPUs; tasks asking 1 + 1 + 1 (the third fails) + 0.5 (fails: nothing left)
        List<NodeState> nodes = List.of(NodeState.empty("n", "T4", 64_000, 64_000, 2));
        List<GpuTask> arrivals = List.of(GpuTask.of("a", 1000, 1, 1, 1000, ""), GpuTask.of("b", 1000, 1, 1, 1000, ""),
                GpuTask.of("c", 1000, 1, 1, 1000, ""), GpuTask.of("d", 1000, 1, 1, 500, ""));
        Fragmentation measure = new Fragmentation(TypicalTasks.of(arrivals.stream().map(GpuTask::shape).toList(),
                1.0));

        // when
        ReplayResult r = Replay.run(nodes, arrivals, new BestFit(), measure);

        // then
        assertThat(r.placed()).isEqualTo(2);
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.failedGpuMilli()).isEqualTo(1500);
        assertThat(r.allocatedPct()).isEqualTo(100.0);
        assertThat(r.arrivedPct()).isEqualTo(175.0);
        assertThat(r.unallocatedGpus()).isZero();
        assertThat(r.curve().at(50).allocPct()).isEqualTo(50.0);
        assertThat(r.curve().at(100).allocPct()).isEqualTo(100.0);
        assertThat(r.curve().at(150).allocPct()).isEqualTo(100.0);
        // column 125 has no event of its own: it takes the neighbours' (none either), so it is left out
        assertThat(r.curve().at(125)).isNull();
        // an empty 2-GPU node: every typical task fits, so nothing is fragment at first ... and all is used at the end
        assertThat(r.fragmentMilli()).isCloseTo(0, within(1e-9));
    }

    @Test
    void aColumnWithoutEventsTakesTheMeanOfItsNeighbours() {
        CurveBuilder b = new CurveBuilder(1000);
        b.log(100, 100, 0);   // column 10
        b.log(120, 60, 0);    // column 12

        Curve c = b.build();

        assertThat(c.at(11).allocPct()).isEqualTo(8.0);
        assertThat(c.at(9).allocPct()).isEqualTo(10.0);
    }

    @Test
    void arrivedColumnsRoundHalfToEven() {
        CurveBuilder b = new CurveBuilder(1000);
        b.log(125, 0, 0); // 12.5 % -> 12
        b.log(135, 0, 0); // 13.5 % -> 14

        Curve c = b.build();

        assertThat(c.points()).extracting(Curve.Point::arrivedPct).containsExactly(11, 12, 13, 14);
    }

    @Test
    void theResultLineHasTheDocumentedFieldsInOrder() {
        ReplayResult r = new ReplayResult("fgd", 10, 8, 2, 1500, 6_212_000, 8_075_000, 5_925_427, 3, 0, 0.5, 1, 2,
                3, new Curve(List.of()));

        assertThat(r.resultLine("openb_pod_list_default.csv", 42, 1.3)).isEqualTo(
                "RESULT policy=fgd tasks=openb_pod_list_default.csv seed=42 load=1.3 allocated_gpu_pct=95.39 "
                        + "unallocated_gpus=287 failed_tasks=2 placed_per_s=20");
        assertThat(TaskShape.WHOLE).isEqualTo(1000);
    }
}
