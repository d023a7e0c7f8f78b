package io.computenet.scheduler.placement;

import io.computenet.placement.ClusterPolicy;
import org.junit.jupiter.api.Test;

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
}
