package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.MigInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class MigInstanceParserTest {

    private final MigInstanceParser parser = new MigInstanceParser();

    @Test
    void readsTheBoxedTableIntoInstancesPerGpu() {
        // given
        String text = Fixtures.read("nvidia-smi/synthetic-mig-lgi-h100-two-gpus.txt");

        // when
        Map<Integer, List<MigInstance>> instances = parser.parse(text);

        // then
        assertThat(instances).containsOnlyKeys(0, 1);
        assertThat(instances.get(0))
                .extracting(MigInstance::gpuInstanceId, MigInstance::profile, MigInstance::profileId,
                        MigInstance::placementStart, MigInstance::placementSize)
                .containsExactly(
                        tuple(9, "1g.10gb", 19, 6, 1),
                        tuple(10, "1g.10gb", 19, 5, 1),
                        tuple(13, "1g.10gb+me", 20, 4, 1),
                        tuple(2, "3g.40gb", 9, 0, 4));
        assertThat(instances.get(1)).containsExactly(new MigInstance(0, "7g.80gb", 0, 0, 8));
    }

    @Test
    void readsTheBareRowsWithoutTheBox() {
        // given: the rows as a script might cut them out of the table
        String text = "   0  MIG 3g.20gb       9        1          4:4\n   0  MIG 3g.20gb       9        2          0:4\n";

        // when / then
        assertThat(parser.parse(text).get(0)).extracting(MigInstance::gpuInstanceId).containsExactly(1, 2);
    }

    @Test
    void aMigEnabledGpuWithoutInstancesHasNone() {
        // when
        Map<Integer, List<MigInstance>> instances = parser.parse(
                Fixtures.read("nvidia-smi/synthetic-mig-lgi-no-instances.txt"));

        // then
        assertThat(instances).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"No MIG-enabled devices found.", "No GPU instances found"})
    void readsNothingFoundMessagesAsNoInstances(String message) {
        // when / then
        assertThat(parser.parse(message + "\n")).isEmpty();
    }

    @Test
    void rejectsEmptyOutput() {
        // when / then
        assertThatThrownBy(() -> parser.parse("\n")).isInstanceOf(DiscoveryParseException.class)
                .hasMessageStartingWith("nvidia-smi mig -lgi output, line 1: no header");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "|   0  MIG 3g.20gb       9        1                |  # expected a GPU instance row",
            "|   x  MIG 3g.20gb       9        1          4:4     |  # GPU \"x\" is not a whole number",
            "|   0  MIG 3g.20gb       9        1          4-4     |  # placement \"4-4\" is not start:size",
            "|   0  MIG 3g.20gb       9        1          4:0     |  # placement \"4:0\" is not start:size",
            "|   0  MIG gpu-half      9        1          4:4     |  # profile name \"gpu-half\" is not a MIG profile",
            "|   0  MIG 3g.20gb      nine      1          4:4     |  # profile ID \"nine\" is not a whole number"})
    void rejectsDamagedRowsNamingToolAndLine(String row, String reason) {
        // given
        String text = Fixtures.read("nvidia-smi/synthetic-mig-lgi-no-instances.txt").replace(
                "|  No GPU instances found                            |", row.strip());

        // when / then
        assertThatThrownBy(() -> parser.parse(text)).isInstanceOf(DiscoveryParseException.class)
                .hasMessageStartingWith("nvidia-smi mig -lgi output, line 6: " + reason);
    }

    @Test
    void rejectsAnInstanceListedTwiceForTheSameGpu() {
        // given
        String text = "|   0  MIG 3g.20gb       9        1          4:4     |\n"
                + "|   0  MIG 3g.20gb       9        1          0:4     |\n";

        // when / then
        assertThatThrownBy(() -> parser.parse(text)).isInstanceOf(DiscoveryParseException.class)
                .hasMessageStartingWith("nvidia-smi mig -lgi output, line 2: GPU instance 1 is listed twice for GPU 0");
    }
}
