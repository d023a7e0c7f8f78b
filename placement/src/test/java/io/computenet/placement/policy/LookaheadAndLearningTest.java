package io.computenet.placement.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LookaheadAndLearningTest {

    private static TaskShape share(int g) {
        return new TaskShape(1000, g, 1, ModelConstraint.ANY);
    }

    @Test
    void expectedWasteIsWhatTypicalSharesCannotFillExactly() {
        // given a mix of halves only
        ExpectedWaste halves = new ExpectedWaste(new TypicalTasks(List.of(share(500)), List.of(1.0)));

        // then: 1000 and 500 fill exactly, 999 leaves 499 after one half, 300 is never used
        assertThat(halves.of(1000)).isZero();
        assertThat(halves.of(500)).isZero();
        assertThat(halves.of(999)).isEqualTo(499);
        assertThat(halves.of(300)).isEqualTo(300);
        assertThat(halves.of(new int[] {1000, 999, 300})).isEqualTo(799);
    }

    @Test
    void expectedWasteAveragesOverTheSharesThatFit() {
        // given quarters and halves, equally likely
        ExpectedWaste mix = new ExpectedWaste(new TypicalTasks(List.of(share(250), share(500)), List.of(0.5, 0.5)));

        // then: 300 takes a quarter and strands 50; 600 -> .5 V(350) + .5 V(100) = .5 * 100 + .5 * 100
        assertThat(mix.of(300)).isCloseTo(50, within(1e-9));
        assertThat(mix.of(600)).isCloseTo(100, within(1e-9));
        assertThat(mix.of(750)).isCloseTo(0, within(1e-9));
    }

    @Test
    void theLearnedMixFollowsTheRequestsSeenAndDropsCachedScoresWhenItChanges() {
        // given a policy that has seen nothing
        LearningFgd fgd = new LearningFgd("fgd-learned", List.of(), 0.95, FragmentationGradientDescent.TieBreak.RANK);
        long before = fgd.version();

        // when
        fgd.observe(share(500));
        fgd.observe(share(500));

        // then
        assertThat(fgd.mix().shapes()).containsExactly(share(500));
        assertThat(fgd.version()).isGreaterThan(before);
    }

    @Test
    void aWarmStartSeedsTheMixBeforeAnyRequestArrives() {
        LearningFgd fgd = new LearningFgd("fgd-learned", List.of(share(300), share(300), share(700)), 1.0,
                FragmentationGradientDescent.TieBreak.RANK);

        assertThat(fgd.mix().shapes()).containsExactly(share(300), share(700));
        assertThat(fgd.mix().probabilities().get(0)).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void tightTieBreakSplitsEqualFgdScoresTowardsTheFullerNode() {
        // given two nodes on which a CPU-only task changes nothing FGD sees (score 50 on both)
        TypicalTasks mix = new TypicalTasks(List.of(share(500)), List.of(1.0));
        FragmentationGradientDescent tight = new FragmentationGradientDescent("fgd-tight", mix,
                FragmentationGradientDescent.TieBreak.TIGHTEST);
        NodeState roomy = NodeState.of("roomy", "T4", 64_000, 1000, new int[] {1000}, 0);
        NodeState full = NodeState.of("full", "T4", 8_000, 1000, new int[] {1000}, 0);
        GpuTask cpuOnly = GpuTask.of("c", 1000, 1, 0, 0, "");

        // when
        PolicyPlacer.Decision d = new PolicyPlacer(List.of(roomy, full), tight).choose(cpuOnly).orElseThrow();

        // then
        assertThat(d.nodeId()).isEqualTo("full");
        assertThat(new PolicyPlacer(List.of(roomy, full), new FragmentationGradientDescent(mix)).choose(cpuOnly)
                .orElseThrow().nodeId()).isEqualTo("roomy");
    }
}
