package io.computenet.scheduler.placement;

import io.computenet.placement.ClusterPolicy;
import io.computenet.placement.policy.MixLearner;
import io.computenet.placement.policy.ModelConstraint;
import io.computenet.placement.policy.TaskShape;
import io.computenet.placement.policy.TypicalTasks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configured placement policies, parsed and checked as at startup. */
class PlacementPoliciesTest {

    @Test
    void readsTheDefaultAndThePerClusterPolicies() {
        PlacementPolicies.Configured c = PlacementPolicies.parse("binpack",
                Map.of("wuhu-1", "spread", "gz-1", "fgd-cpu-aware"));

        assertThat(c.defaultPolicy()).isSameAs(ClusterPolicy.BINPACK);
        assertThat(c.perCluster().get("wuhu-1")).isSameAs(ClusterPolicy.SPREAD);
        assertThat(c.perCluster().get("gz-1").name()).isEqualTo("fgd-cpu-aware");
        assertThat(c.with(null).forCluster("wuhu-1")).isSameAs(ClusterPolicy.SPREAD);
        assertThat(c.with(null).forCluster("elsewhere")).isSameAs(ClusterPolicy.BINPACK);
    }

    @Test
    void refusesAnUnknownDefaultNamingTheKeyAndTheValidNames() {
        assertThatThrownBy(() -> PlacementPolicies.parse("bin-pack", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("computenet.scheduler.placement-policy: unknown placement policy 'bin-pack'")
                .hasMessageContaining("valid: binpack, spread, fgd");
    }

    @Test
    void refusesAnUnknownClusterPolicyNamingItsKey() {
        assertThatThrownBy(() -> PlacementPolicies.parse("binpack", Map.of("wuhu-1", "random-fit")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("computenet.scheduler.clusters.\"wuhu-1\".placement-policy: "
                        + "unknown placement policy 'random-fit'")
                .hasMessageContaining("fgd-cpu-aware");
    }

    @Test
    void theLearningPoliciesTakeTheirLearnersMixesAndTheOthersTheCountedOne() {
        // given the online policy by default and a fixed-mix FGD cluster
        PlacementPolicies.Configured c = PlacementPolicies.parse("fgd-cpu-aware-learned", Map.of("gz-1", "fgd"));
        TaskShape whole = new TaskShape(8_000, TaskShape.WHOLE, 1, ModelConstraint.ANY);
        TaskShape share = new TaskShape(1_000, 125, 1, ModelConstraint.ANY);
        MixLearner learner = c.defaultPolicy().learner(List.of(share));
        learner.observe(whole);
        TypicalTasks counted = TypicalTasks.of(List.of(share), TypicalTasks.PAPER_COVERAGE);

        // when the choice is made
        var choice = c.withMixes(p -> p.learns() ? learner.current() : counted);

        // then each looks through its own
        assertThat(c.learning()).extracting(ClusterPolicy::name).containsExactly("fgd-cpu-aware-learned");
        assertThat(choice.forCluster("elsewhere").mix()).isEqualTo(learner.current());
        assertThat(choice.forCluster("elsewhere").mix().shapes()).containsExactlyInAnyOrder(whole, share);
        assertThat(choice.forCluster("gz-1").mix()).isEqualTo(counted);
    }
}
