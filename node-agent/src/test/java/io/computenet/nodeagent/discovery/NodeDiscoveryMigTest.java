package io.computenet.nodeagent.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** How live discovery reads the exit status and output of {@code nvidia-smi mig -lgip} and {@code -lgi}. */
class NodeDiscoveryMigTest {

    @Test
    void aListingThatSucceededIsParsed() {
        // when / then
        assertThat(NodeDiscovery.migAnswer(new NodeDiscovery.ToolRun(0, "No MIG-enabled devices found.\n")))
                .isEqualTo(NodeDiscovery.MigAnswer.LISTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"No MIG-enabled devices found.", "Unable to display GPU instances: Not Supported",
            "No MIG-supported devices found"})
    void aListingThatFailsForWantOfMigMeansNoMigNotAFailedDiscovery(String output) {
        // when / then
        assertThat(NodeDiscovery.migAnswer(new NodeDiscovery.ToolRun(6, output + "\n")))
                .isEqualTo(NodeDiscovery.MigAnswer.NO_MIG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Failed to display GPU instances: Insufficient Permissions",
            "Failed to display GPU instance profiles: Unknown Error"})
    void aListingThatFailsOtherwiseIsNotKnownNotAFailedDiscovery(String output) {
        // when / then
        assertThat(NodeDiscovery.migAnswer(new NodeDiscovery.ToolRun(255, output + "\n")))
                .isEqualTo(NodeDiscovery.MigAnswer.UNKNOWN);
    }

    @Test
    void theLegacyQueryLeavesOutOnlyTheMigColumn() {
        // when / then
        assertThat(NodeDiscovery.NVIDIA_QUERY).endsWith(",mig.mode.current");
        assertThat(NodeDiscovery.NVIDIA_QUERY_WITHOUT_MIG + ",mig.mode.current").isEqualTo(NodeDiscovery.NVIDIA_QUERY);
    }
}
