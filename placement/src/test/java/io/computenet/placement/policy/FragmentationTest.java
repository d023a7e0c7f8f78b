package io.computenet.placement.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The worked example of the FGD measure (PLACEMENT-REPLAY.md), computed by hand. */
class FragmentationTest {

    // typical tasks: A (4 CPU, 0.5 GPU, p .5), B (8 CPU, 1 GPU, p .3), C (2 CPU, no GPU, p .2)
    static final TypicalTasks MIX = new TypicalTasks(List.of(
            new TaskShape(4000, 500, 1, ModelConstraint.ANY),
            new TaskShape(8000, 1000, 1, ModelConstraint.ANY),
            new TaskShape(2000, 0, 0, ModelConstraint.ANY)), List.of(0.5, 0.3, 0.2));

    private final Fragmentation measure = new Fragmentation(MIX);

    @Test
    void fragmentOfANodeIsTheMixWeightedShareItsTypicalTasksCannotUse() {
        // given a node with 10 cores and GPUs [1000, 300] free
        NodeState node = NodeState.of("n", "T4", 10_000, 64_000, new int[] {1000, 300}, 0);

        // when / then: A sees 300, B sees 300, C (CPU-only) sees all 1300: .5*300 + .3*300 + .2*1300
        assertThat(measure.of(node)).isCloseTo(500, within(1e-9));
    }

    @Test
    void placingTheShareOnTheFreeGpuRaisesTheFragment() {
        assertThat(measure.of("T4", 8_000, new int[] {700, 300})).isCloseTo(650, within(1e-9));
    }

    @Test
    void placingTheShareOnTheSmallRemainderLowersTheFragmentAndATaskThatJustFitsOnCpuStillSeesNone() {
        assertThat(measure.of("T4", 8_000, new int[] {1000, 0})).isCloseTo(200, within(1e-9));
    }

    @Test
    void aModelConstraintThatExcludesTheNodeMakesAllItsFreeShareFragment() {
        // given one typical task that only runs on V100
        Fragmentation v100Only = new Fragmentation(new TypicalTasks(List.of(
                new TaskShape(1000, 500, 1, ModelConstraint.parse("V100M16|V100M32"))), List.of(1.0)));

        // then
        assertThat(v100Only.of("T4", 10_000, new int[] {1000, 300})).isEqualTo(1300);
        assertThat(v100Only.of("V100M32", 10_000, new int[] {1000, 300})).isEqualTo(300);
    }

    @Test
    void tooFewFittingGpusForAMultiGpuTypicalTaskMakeEverythingFragment() {
        Fragmentation twoGpus = new Fragmentation(new TypicalTasks(List.of(
                new TaskShape(1000, 1000, 2, ModelConstraint.ANY)), List.of(1.0)));

        assertThat(twoGpus.of("T4", 10_000, new int[] {1000, 999, 400})).isEqualTo(2399);
        assertThat(twoGpus.of("T4", 10_000, new int[] {1000, 1000, 400})).isEqualTo(400);
    }

    @Test
    void clusterFragmentIsTheSumOverNodes() {
        NodeState a = NodeState.of("a", "T4", 10_000, 1, new int[] {1000, 300}, 0);
        NodeState b = NodeState.of("b", "T4", 8_000, 1, new int[] {1000, 0}, 0);
        assertThat(measure.of(List.of(a, b))).isCloseTo(700, within(1e-9));
    }
}
