package io.computenet.placement.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyPlacerTest {

    private static NodeState node(String id, String model, long cpu, long mem, int... free) {
        return NodeState.of(id, model, cpu, mem, free, 0);
    }

    @Test
    void equalScoresGoToTheNodeRankedFirst() {
        List<NodeState> nodes = List.of(node("z", "T4", 8000, 8000, 1000), node("a", "T4", 8000, 8000, 1000));

        PolicyPlacer placer = new PolicyPlacer(nodes, new BestFit());

        assertThat(placer.choose(GpuTask.of("t", 1000, 1, 1, 1000, "")).orElseThrow().nodeId()).isEqualTo("z");
    }

    @Test
    void aNodeIsFeasibleOnlyWhenCpuMemoryModelAndGpuShareAllFit() {
        List<NodeState> nodes = List.of(
                node("little-cpu", "V100M32", 500, 8000, 1000),
                node("little-memory", "V100M32", 8000, 100, 1000),
                node("wrong-model", "T4", 8000, 8000, 1000),
                node("gpu-too-full", "V100M32", 8000, 8000, 200),
                node("ok", "V100M32", 8000, 8000, 1000, 1000));
        PolicyPlacer placer = new PolicyPlacer(nodes, new BestFit());

        PolicyPlacer.Decision d = placer.choose(GpuTask.of("t", 1000, 1000, 1, 300, "V100M16|V100M32")).orElseThrow();

        assertThat(d.nodeId()).isEqualTo("ok");
    }

    @Test
    void aTaskThatFitsNowhereIsRejectedAndChangesNothing() {
        PolicyPlacer placer = new PolicyPlacer(List.of(node("n", "T4", 8000, 8000, 1000)), new GpuPacking());

        assertThat(placer.place(GpuTask.of("t", 1000, 1, 2, 1000, ""))).isEmpty();
        assertThat(placer.totals().gpuUsedMilli()).isZero();
    }

    @Test
    void wholeGpuTasksTakeTheLowestIndexFullyFreeGpus() {
        PolicyPlacer placer = new PolicyPlacer(List.of(node("n", "T4", 8000, 8000, 400, 1000, 1000, 1000)),
                new GpuPacking());

        PolicyPlacer.Decision d = placer.place(GpuTask.of("t", 1000, 1, 2, 1000, "")).orElseThrow();

        assertThat(d.gpus()).containsExactly(1, 2);
        assertThat(placer.node(0).freeMilli()).containsExactly(400, 0, 0, 1000);
        assertThat(placer.node(0).cpuLeft()).isEqualTo(7000);
        assertThat(placer.node(0).memoryLeftMiB()).isEqualTo(7999);
    }

    @Test
    void aCommittedNodeIsScoredAfreshForTheNextTask() {
        // given best fit, which fills node a (ranked first) until it is fuller than b would be
        PolicyPlacer placer = new PolicyPlacer(List.of(node("a", "T4", 8000, 8000, 1000),
                node("b", "T4", 8000, 8000, 1000)), new BestFit());
        GpuTask share = GpuTask.of("t", 1000, 1, 1, 400, "");

        // when
        String first = placer.place(share).orElseThrow().nodeId();
        String second = placer.place(share).orElseThrow().nodeId();
        String third = placer.place(share).orElseThrow().nodeId();

        // then: a had 1000, then 600 (fuller, preferred), then 200 (too little): b
        assertThat(List.of(first, second, third)).containsExactly("a", "a", "b");
        assertThat(placer.totals().gpuUsedMilli()).isEqualTo(1200);
    }
}
