package io.computenet.placement.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code fgd-cpu-aware-learned}: the CPU-aware FGD with the typical-task mix learned from the requests seen. */
class LearnedCpuAwareFgdTest {

    /** A CPU-heavy half GPU (8 cores) and a CPU-light quarter (1 core). */
    private static final TaskShape HALF = new TaskShape(8_000, 500, 1, ModelConstraint.ANY);
    private static final TaskShape QUARTER = new TaskShape(1_000, 250, 1, ModelConstraint.ANY);

    /** No oracle mix: the policy must not need the workload's mix in advance. */
    private static PlacementPolicy online() {
        return Policies.create(Policies.ONLINE_RECOMMENDED, new Policies.Context(1, null, List.of()));
    }

    private static PlacementPolicy oracle(TypicalTasks mix) {
        return Policies.create(Policies.RECOMMENDED, new Policies.Context(1, mix, List.of()));
    }

    @Test
    void beforeAnyRequestItHasNoMixAndTakesTheFirstRankedNode() {
        // given two feasible nodes and a policy that has seen nothing
        NodeState first = NodeState.of("first", "T4", 24_000, 100_000, new int[] {1000, 1000}, 0);
        NodeState second = NodeState.of("second", "T4", 24_000, 100_000, new int[] {0, 0}, 0);
        PlacementPolicy policy = online();

        // when
        PolicyPlacer.Decision d = new PolicyPlacer(List.of(first, second), policy)
                .choose(GpuTask.of("cpu", 8_000, 1, 0, 0, "")).orElseThrow();

        // then no fragment is seen anywhere: the tie goes to the rank
        assertThat(((LearningFgd) policy).mix().shapes()).isEmpty();
        assertThat(d.nodeId()).isEqualTo("first");
        assertThat(d.score()).isEqualTo(50);
    }

    @Test
    void onceItHasSeenCpuHeavySharesACpuOnlyTaskKeepsAwayFromTheirFreeGpus() {
        // given a policy that has placed two CPU-heavy halves elsewhere (so it learned them from its requests),
        // and two nodes ranked gpusFree first: four free GPUs and CPU for three halves, or no free GPU
        NodeState elsewhere = NodeState.of("elsewhere", "V100", 640_000, 1_000_000, new int[] {1000, 1000}, 0);
        PlacementPolicy learned = online();
        PolicyPlacer learning = new PolicyPlacer(List.of(elsewhere), learned);
        learning.place(GpuTask.of("h1", 8_000, 1, 1, 500, ""));
        learning.place(GpuTask.of("h2", 8_000, 1, 1, 500, ""));
        NodeState gpusFree = NodeState.of("gpusFree", "T4", 24_000, 100_000, new int[] {1000, 1000, 1000, 1000}, 0);
        NodeState gpusTaken = NodeState.of("gpusTaken", "T4", 24_000, 100_000, new int[] {0, 0, 0, 0}, 0);
        PlacementPolicy paperLearned = Policies.create("fgd-learned", new Policies.Context(1, null, List.of()));
        paperLearned.observe(HALF);
        paperLearned.observe(HALF);
        GpuTask cpuOnly = GpuTask.of("cpu", 8_000, 1, 0, 0, "");

        // when
        String aware = new PolicyPlacer(List.of(gpusFree, gpusTaken), learned).choose(cpuOnly).orElseThrow().nodeId();
        String paper = new PolicyPlacer(List.of(gpusFree, gpusTaken), paperLearned).choose(cpuOnly).orElseThrow()
                .nodeId();

        // then the CPU-aware measure keeps gpusFree's CPU for its free GPUs; the paper's learned FGD does not
        assertThat(((LearningFgd) learned).mix().shapes()).containsExactly(HALF);
        assertThat(aware).isEqualTo("gpusTaken");
        assertThat(paper).isEqualTo("gpusFree");
    }

    @Test
    void onceItHasLearnedAMixItScoresExactlyAsTheOracleCpuAwareFgdWithThatMix() {
        // given 128 requests, three quarters halves and one quarter quarters
        PlacementPolicy learned = online();
        List<TaskShape> seen = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            TaskShape s = i % 4 == 0 ? QUARTER : HALF;
            seen.add(s);
            learned.observe(s);
        }
        PlacementPolicy oracle = oracle(TypicalTasks.of(seen, TypicalTasks.PAPER_COVERAGE));

        // then on nodes short of and rich in CPU, every shape scores the same under both
        for (long cpu : new long[] {1_000, 9_000, 17_000, 64_000}) {
            for (int[] free : new int[][] {{1000, 1000, 1000, 1000}, {500, 250, 0, 1000}, {750, 750}}) {
                NodeState node = NodeState.of("n", "T4", cpu, 100_000, free, 0);
                for (TaskShape s : List.of(HALF, QUARTER, new TaskShape(4_000, 0, 0, ModelConstraint.ANY))) {
                    assertThat(learned.score(node, s)).as("cpu %d shape %s", cpu, s)
                            .isEqualTo(oracle.score(node, s));
                }
            }
        }
    }

    @Test
    void withAMinimumChangeItKeepsItsMixWhileTheWorkloadIsSteadyAndRebuildsWhenItDrifts() {
        // given a policy that rebuilds only for a change of at least 0.1, having seen 128 requests: 3/4 halves
        LearningFgd learned = new LearningFgd("fgd-cpu-aware-learned", List.of(), 1.0,
                FragmentationGradientDescent.TieBreak.RANK, 0, Fragmentation.CpuCap.SHARES, 0.1);
        for (int i = 0; i < 128; i++) {
            learned.observe(i % 4 == 0 ? QUARTER : HALF);
        }
        long settled = learned.version();
        TypicalTasks settledMix = learned.currentMix();

        // when 128 more arrive in a slightly different proportion (5/8 halves): the mix moves by 0.0625
        for (int i = 0; i < 128; i++) {
            learned.observe(i % 8 < 3 ? QUARTER : HALF);
        }

        // then it keeps scoring with the mix it had (cached scores stay valid)
        assertThat(learned.mix().distance(settledMix)).isCloseTo(0.0625, within(1e-12));
        assertThat(learned.version()).isEqualTo(settled);
        assertThat(learned.currentMix()).isEqualTo(settledMix);

        // when the workload drifts to quarters only for 128 more: 176 halves and 208 quarters, 0.29 from the mix in use
        for (int i = 0; i < 128; i++) {
            learned.observe(QUARTER);
        }

        // then it rebuilds with the mix counted so far
        assertThat(learned.version()).isGreaterThan(settled);
        assertThat(learned.currentMix()).isEqualTo(learned.mix());
        assertThat(learned.currentMix().probabilities()).containsExactly(208 / 384.0, 176 / 384.0);
    }

    @Test
    void withoutAMinimumChangeItRebuildsAtEveryRecount() {
        LearningFgd learned = new LearningFgd("fgd-learned", List.of(), 1.0,
                FragmentationGradientDescent.TieBreak.RANK);
        for (int i = 0; i < 128; i++) {
            learned.observe(HALF);
        }
        long before = learned.version();

        for (int i = 0; i < 128; i++) {
            learned.observe(HALF);
        }

        assertThat(learned.mix().distance(learned.currentMix())).isZero();
        assertThat(learned.version()).isEqualTo(before + 1);
    }
}
