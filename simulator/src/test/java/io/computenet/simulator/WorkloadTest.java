package io.computenet.simulator;

import io.computenet.placement.policy.GpuTask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadTest {

    private static GpuTask t(String name, int n, int g) {
        return GpuTask.of(name, 1000, 1, n, g, "");
    }

    @Test
    void tuningUpAppendsRandomCopiesUntilTheNextDrawsShareWouldPassTheTarget() {
        // given 1 GPU of demand and a target of 3 GPUs
        List<GpuTask> original = List.of(t("a", 1, 1000), t("b", 0, 0));

        // when
        List<GpuTask> tuned = Workload.tune(original, original, 3000, new Random(5));

        // then: whole-GPU copies are added while sum + 1000 <= 3000, so the demand ends at exactly 3000
        assertThat(Workload.gpuDemand(tuned)).isEqualTo(3000);
        assertThat(tuned.subList(0, 2)).isEqualTo(original);
    }

    @Test
    void tuningUpTestsThePerGpuShareNotTheWholeDemandOfAMultiGpuDraw() {
        // given only 8-GPU tasks: demand 8000, target 8500
        List<GpuTask> original = List.of(t("big", 8, 1000));

        // when: 8000 + 1000 > 8500 stops at once ...
        List<GpuTask> tuned = Workload.tune(original, original, 8500, new Random(1));
        // ... but at a target of 9000 the test 8000 + 1000 <= 9000 passes and the copy adds 8000
        List<GpuTask> over = Workload.tune(original, original, 9000, new Random(1));

        // then
        assertThat(Workload.gpuDemand(tuned)).isEqualTo(8000);
        assertThat(Workload.gpuDemand(over)).isEqualTo(16_000);
    }

    @Test
    void cpuOnlyDrawsAreAppendedAndNeverStopTheTuning() {
        List<GpuTask> original = List.of(t("gpu", 1, 500), t("cpu1", 0, 0), t("cpu2", 0, 0), t("cpu3", 0, 0));

        List<GpuTask> tuned = Workload.tune(original, original, 2000, new Random(3));

        assertThat(Workload.gpuDemand(tuned)).isEqualTo(2000);
        assertThat(tuned.stream().filter(x -> x.shape().isCpuOnly()).count()).isGreaterThan(3);
    }

    @Test
    void tuningDownRemovesRandomTasksUntilTheDemandIsAtMostTheTarget() {
        List<GpuTask> original = List.of(t("a", 1, 1000), t("b", 1, 1000), t("c", 2, 1000), t("d", 1, 500));

        List<GpuTask> tuned = Workload.tune(original, original, 2000, new Random(9));

        assertThat(Workload.gpuDemand(tuned)).isLessThanOrEqualTo(2000);
        assertThat(original).containsAll(tuned);
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        List<GpuTask> original = List.of(t("a", 1, 1000), t("b", 1, 300), t("c", 0, 0), t("d", 1, 500));
        Random r1 = new Random(42);
        Random r2 = new Random(42);

        List<GpuTask> one = Workload.tune(Workload.shuffled(original, r1), original, 9000, r1);
        List<GpuTask> two = Workload.tune(Workload.shuffled(original, r2), original, 9000, r2);

        assertThat(one).isEqualTo(two);
    }

    @Test
    void byNameSortsTheTraceRows() {
        assertThat(Workload.byName(List.of(t("b", 0, 0), t("a", 0, 0))).get(0).name()).isEqualTo("a");
    }
}
