package io.computenet.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresServerTest {

    @Test
    void theDurableSettingsTurnFsyncAndSynchronousCommitOnDespiteTheEmbeddedDefaults(@TempDir Path dir) {
        // when
        try (PostgresServer durable = PostgresServer.start(Ports.free(), dir.resolve("durable"), List.of("d"),
                PostgresServer.DURABLE);
             PostgresServer fast = PostgresServer.start(Ports.free(), dir.resolve("fast"), List.of("f"), Map.of())) {
            // then
            assertThat(durable.setting("fsync")).isEqualTo("on");
            assertThat(durable.setting("synchronous_commit")).isEqualTo("on");
            assertThat(fast.setting("fsync")).isEqualTo("off");
            assertThat(fast.setting("synchronous_commit")).isEqualTo("off");
        }
    }
}
