package io.computenet.nodeagent.fleet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SilencedNodesTest {

    @TempDir
    Path dir;

    @Test
    void readsOneNodeIdALineSkippingCommentsAndBlankLines() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("silenced"), "# failed on purpose\n\n  sim-cn-west-gz-010 \nnode-b\n");

        // when / then
        assertThat(SilencedNodes.read(Optional.of(file))).containsExactlyInAnyOrder("sim-cn-west-gz-010", "node-b");
    }

    @Test
    void noFileOrNoSettingSilencesNobody() {
        assertThat(SilencedNodes.read(Optional.of(dir.resolve("absent")))).isEmpty();
        assertThat(SilencedNodes.read(Optional.empty())).isEmpty();
    }
}
