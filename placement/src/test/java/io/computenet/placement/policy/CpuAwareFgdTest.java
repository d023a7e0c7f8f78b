package io.computenet.placement.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The CPU-aware fragmentation measure and {@code fgd-cpu-aware} on hand-built tiny clusters. */
class CpuAwareFgdTest {

    /** One typical task: a half GPU with 8 cores. */
    private static final TaskShape HALF = new TaskShape(8_000, 500, 1, ModelConstraint.ANY);
    private static final TypicalTasks HALVES = new TypicalTasks(List.of(HALF), List.of(1.0));

    private static PlacementPolicy cpuAware(TypicalTasks mix) {
        return Policies.create(Policies.RECOMMENDED, new Policies.Context(1, mix, List.of()));
    }

    @Test
    void freeGpusTheHostCpuCannotFeedCountAsFragment() {
        // given a node with four free GPUs but CPU for two more halves (16 cores)
        Fragmentation paper = new Fragmentation(HALVES);
        Fragmentation cpuAware = new Fragmentation(HALVES, Fragmentation.CpuCap.SHARES);
        int[] free = {1000, 1000, 1000, 1000};

        // then the paper sees no fragment; the CPU-aware measure sees the two GPUs no half can reach
        assertThat(paper.of("T4", 16_000, free)).isZero();
        assertThat(cpuAware.of("T4", 16_000, free)).isCloseTo(2000, within(1e-9));
        // fractional copies count: 12 cores feed 1.5 halves' worth of GPUs
        assertThat(cpuAware.of("T4", 12_000, free)).isCloseTo(2500, within(1e-9));
    }

    @Test
    void withCpuToSpareTheMeasureIsThePapers() {
        TypicalTasks mix = new TypicalTasks(List.of(HALF, new TaskShape(4_000, 1000, 1, ModelConstraint.ANY),
                new TaskShape(2_000, 0, 0, ModelConstraint.ANY)), List.of(0.5, 0.3, 0.2));
        Fragmentation paper = new Fragmentation(mix);
        Fragmentation cpuAware = new Fragmentation(mix, Fragmentation.CpuCap.SHARES);

        for (int[] free : new int[][] {{1000, 300}, {700, 300}, {200, 0}, {1000, 1000}}) {
            assertThat(cpuAware.of("T4", 64_000, free)).isEqualTo(paper.of("T4", 64_000, free));
        }
        // a task that does not fit at all is R under both
        assertThat(cpuAware.of("T4", 1_000, new int[] {1000, 300})).isEqualTo(1300);
    }

    @Test
    void wholeGpuTypicalTasksAreNotCapped() {
        TypicalTasks whole = new TypicalTasks(List.of(new TaskShape(8_000, 1000, 1, ModelConstraint.ANY)),
                List.of(1.0));

        assertThat(new Fragmentation(whole, Fragmentation.CpuCap.SHARES).of("T4", 8_000, new int[] {1000, 1000}))
                .isZero();
    }

    @Test
    void cpuOnlyTaskGoesToTheNodeWhoseGpusNoLongerNeedTheCpu() {
        // given two nodes ranked roomy first: "gpusFree" still has four free GPUs and CPU for three halves,
        // "gpusTaken" has its GPUs fully allocated and the same CPU left
        NodeState gpusFree = NodeState.of("gpusFree", "T4", 24_000, 100_000, new int[] {1000, 1000, 1000, 1000}, 0);
        NodeState gpusTaken = NodeState.of("gpusTaken", "T4", 24_000, 100_000, new int[] {0, 0, 0, 0}, 0);
        GpuTask cpuOnly = GpuTask.of("cpu", 8_000, 1, 0, 0, "");

        // when
        String paper = new PolicyPlacer(List.of(gpusFree, gpusTaken), new FragmentationGradientDescent(HALVES))
                .choose(cpuOnly).orElseThrow().nodeId();
        String aware = new PolicyPlacer(List.of(gpusFree, gpusTaken), cpuAware(HALVES))
                .choose(cpuOnly).orElseThrow().nodeId();

        // then FGD sees no change either way (one half still fits) and takes the first ranked node, stranding
        // a GPU's worth of CPU; the CPU-aware measure keeps that CPU for the free GPUs
        assertThat(paper).isEqualTo("gpusFree");
        assertThat(aware).isEqualTo("gpusTaken");
    }

    @Test
    void cpuHeavyShareGoesWhereCpuIsPlentifulAndCpuLightShareFillsTheCpuStarvedNode() {
        // given a mix of CPU-heavy halves (8 cores) and CPU-light quarters (1 core), and two nodes with four free
        // GPUs each: "starved" has 17 cores left (two more halves), "roomy" 64
        TypicalTasks mix = new TypicalTasks(List.of(HALF, new TaskShape(1_000, 250, 1, ModelConstraint.ANY)),
                List.of(0.5, 0.5));
        NodeState starved = NodeState.of("starved", "T4", 17_000, 100_000, new int[] {1000, 1000, 1000, 1000}, 0);
        NodeState roomy = NodeState.of("roomy", "T4", 64_000, 100_000, new int[] {1000, 1000, 1000, 1000}, 0);
        GpuTask heavy = GpuTask.of("heavy", 8_000, 1, 1, 500, "");
        GpuTask light = GpuTask.of("light", 1_000, 1, 1, 250, "");
        PlacementPolicy paper = new FragmentationGradientDescent(mix);
        PlacementPolicy aware = cpuAware(mix);

        // when / then: the paper's FGD sees no difference (a half still fits on both) and follows the rank
        assertThat(new PolicyPlacer(List.of(starved, roomy), paper).choose(heavy).orElseThrow().nodeId())
                .isEqualTo("starved");
        assertThat(new PolicyPlacer(List.of(roomy, starved), paper).choose(light).orElseThrow().nodeId())
                .isEqualTo("roomy");
        // the CPU-aware FGD keeps the starved node's last CPU away from the heavy half (score 43 against 50) ...
        assertThat(new PolicyPlacer(List.of(starved, roomy), aware).choose(heavy).orElseThrow())
                .satisfies(d -> assertThat(d.nodeId()).isEqualTo("roomy"))
                .satisfies(d -> assertThat(d.score()).isEqualTo(50));
        assertThat(aware.score(starved, heavy.shape()).score()).isEqualTo(43);
        // ... and gives the starved node the light quarter, which uses its GPUs without its CPU (51 against 50)
        assertThat(new PolicyPlacer(List.of(roomy, starved), aware).choose(light).orElseThrow().nodeId())
                .isEqualTo("starved");
        assertThat(aware.score(starved, light.shape()).score()).isEqualTo(51);
    }

    @Test
    void theRecommendedPolicyIsTheCpuAwareFgd() {
        PlacementPolicy p = cpuAware(HALVES);

        assertThat(p.name()).isEqualTo("fgd-cpu-aware");
        assertThat(p).isInstanceOf(FragmentationGradientDescent.class);
        assertThat(((FragmentationGradientDescent) p).fragmentation().of("T4", 16_000, new int[] {1000, 1000, 1000}))
                .isCloseTo(1000, within(1e-9));
    }
}
