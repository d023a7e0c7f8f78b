package io.computenet.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChildProcessTest {

    @Test
    void killEndsAProcessThatIgnoresAPoliteStopAtOnce(@TempDir Path dir) {
        // given: a process that ignores SIGTERM, as a service stuck in its shutdown would
        ChildProcess stubborn = ChildProcess.start("stubborn", List.of("bash", "-c", "trap '' TERM; sleep 60 & wait"),
                dir, Map.of(), dir.resolve("stubborn.log"));
        List<ProcessHandle> children = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(stubborn.pid()).orElseThrow().descendants().toList(), c -> !c.isEmpty());

        // when
        Instant before = Instant.now();
        stubborn.kill();

        // then: gone within a few seconds, its children too
        assertThat(stubborn.isAlive()).isFalse();
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }
}
