package io.computenet.placement;

import io.computenet.placement.policy.MixLearner;
import io.computenet.placement.policy.ModelConstraint;
import io.computenet.placement.policy.TaskShape;
import io.computenet.placement.policy.TypicalTasks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The learning FGD policies as clusters take them: accepted by name, scoring with their fixed-mix counterpart over
 * the mix their learner learned from the requests it was shown (nothing known in advance).
 */
class LearnedClusterPolicyTest {

    private static final TaskShape WHOLE_1 = new TaskShape(8_000, TaskShape.WHOLE, 1, ModelConstraint.ANY);
    private static final TaskShape QUARTER = new TaskShape(2_000, 250, 1, ModelConstraint.ANY);

    @Test
    void theLearningPoliciesAreAcceptedAndLearnWithTheReplaysSchedule() {
        // given the online policy, which has seen nothing yet
        ClusterPolicy policy = ClusterPolicy.named("FGD-CPU-AWARE-LEARNED");
        MixLearner learner = policy.learner(List.of());

        // when it is shown three whole-device requests and one quarter share
        List<Boolean> replaced = new ArrayList<>();
        for (TaskShape s : List.of(WHOLE_1, WHOLE_1, QUARTER, WHOLE_1)) {
            replaced.add(learner.observe(s));
        }

        // then it learns, re-counting after the 1st, 2nd and 4th request, and scores through that mix
        assertThat(policy.learns()).isTrue();
        assertThat(policy.mix().size()).as("nothing learned before the first request").isZero();
        assertThat(replaced).containsExactly(true, false, false, true);
        assertThat(learner.current().shapes()).containsExactly(WHOLE_1, QUARTER);
        ClusterPolicy learned = policy.withMix(learner.current());
        assertThat(learned.mix()).isEqualTo(learner.current());
        assertThat(learned.name()).isEqualTo("fgd-cpu-aware-learned");
        assertThat(ClusterPolicy.named("fgd").learns()).isFalse();
        assertThatThrownBy(() -> ClusterPolicy.named("fgd").learner(List.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLearnedPolicyPlacesAsItsFixedMixCounterpartWithTheSameMix() {
        // given a fleet and a mix
        RandomFleets fleets = new RandomFleets(5, 6);
        List<NodeCapacity> fleet = fleets.fleet(60);
        TypicalTasks mix = TypicalTasks.of(List.of(WHOLE_1, WHOLE_1, QUARTER), TypicalTasks.PAPER_COVERAGE);
        PolicyChoice learned = PolicyChoice.everywhere(ClusterPolicy.named("fgd-cpu-aware-learned", mix));
        PolicyChoice fixed = PolicyChoice.everywhere(ClusterPolicy.named("fgd-cpu-aware", mix));

        // when and then: every request goes where the fixed-mix policy puts it
        for (int i = 0; i < 200; i++) {
            PlacementRequest request = fleets.request();
            assertThat(Planner.plan(request, fleet, learned)).isEqualTo(Planner.plan(request, fleet, fixed));
        }
    }

    @Test
    void aRequestCountsAsWhatItGotOrElseAsWhatItAskedFor() {
        PlacementRequest share = new PlacementRequest(10 * 1024, 1, null, null, WorkloadClass.INFERENCE, 25, null,
                null, Sharing.SHARED, null, 2);
        PlacementRequest noPct = new PlacementRequest(10 * 1024, 1, null, null, WorkloadClass.INFERENCE, null, null,
                null, Sharing.SHARED, null, null);
        PlacementRequest two = new PlacementRequest(40 * 1024, 2, null, null, WorkloadClass.TRAINING);
        Placement slice = Planner.plan(share, new RandomFleets(3, 13).fleet(40)).placement().orElseThrow();

        // a placed slice counts as its billed share, an unplaced one as its compute share
        assertThat(slice.slice()).isNotNull();
        assertThat(ClusterPolicy.requestShape(share, slice)).contains(new TaskShape(2_000,
                ClusterPolicy.milli(slice.share()), 1, ModelConstraint.ANY));
        assertThat(ClusterPolicy.requestShape(share, null)).contains(new TaskShape(2_000, 250, 1,
                ModelConstraint.ANY));
        assertThat(ClusterPolicy.requestShape(noPct, null)).isEmpty();
        assertThat(ClusterPolicy.requestShape(two, null)).contains(new TaskShape(16_000, TaskShape.WHOLE, 2,
                ModelConstraint.ANY));
    }
}
