package io.computenet.devstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    @Test
    void distinctPortsAreAllDifferentAndFree() {
        // when
        int[] ports = Ports.distinct(64);

        // then
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(64);
        assertThat(Arrays.stream(ports).filter(Ports::listening)).isEmpty();
    }

    @Test
    void aTestStackGivesEveryServiceAndClusterItsOwnPort() {
        // when
        StackOptions options = StackOptions.forTests(Path.of("."), Path.of("run"));

        // then
        List<Integer> ports = new ArrayList<>(List.of(options.portalPort(), options.schedulerPort(),
                options.billingPort(), options.agentPort(), options.keycloakPort(), options.keycloakManagementPort(),
                options.postgresPort(), options.kafkaPort(), options.kafkaControllerPort()));
        options.regions().forEach(r -> ports.add(r.kubernetesPort()));
        assertThat(ports).doesNotHaveDuplicates();
    }

    @Test
    void aPortNamedForTwoServicesIsReportedWithBoth() {
        // given
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("CN_SCHEDULER_PORT (scheduler)", 33679);
        ports.put("CN_BILLING_PORT (billing)", 8082);
        ports.put("CN_AGENT_PORT (node-agent)", 33679);

        // when
        List<String> shared = DevStack.sharedPorts(ports);

        // then
        assertThat(shared).containsExactly("33679 for CN_SCHEDULER_PORT (scheduler) and CN_AGENT_PORT (node-agent)");
        assertThat(DevStack.sharedPorts(Map.of("a", 1, "b", 2))).isEmpty();
    }
}
