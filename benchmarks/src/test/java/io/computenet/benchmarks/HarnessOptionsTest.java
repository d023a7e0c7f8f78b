package io.computenet.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HarnessOptionsTest {

    @Test
    void defaultsToTheIssueTarget() {
        // given / when
        HarnessOptions options = HarnessOptions.parse();

        // then
        assertEquals(1000, options.nodes());
        assertEquals(Duration.ofSeconds(10), options.heartbeat());
        assertEquals(Duration.ofSeconds(120), options.duration());
        assertEquals(0.5, options.leasedFraction());
        assertEquals(Path.of("kafka-broker", "target", "libs"), options.brokerLibs());
        assertTrue(options.bootstrap().isEmpty());
    }

    @Test
    void readsTheDocumentedCommandLine() {
        // given / when
        HarnessOptions options = HarnessOptions.parse(java.util.Optional.of("secret"), "--nodes", "250",
                "--heartbeat", "500ms", "--duration", "2m", "--leased", "0", "--report-every", "PT1S", "--bootstrap",
                "127.0.0.1:9092");

        // then
        assertEquals(250, options.nodes());
        assertEquals(Duration.ofMillis(500), options.heartbeat());
        assertEquals(Duration.ofMinutes(2), options.duration());
        assertEquals(0.0, options.leasedFraction());
        assertEquals(Duration.ofSeconds(1), options.reportEvery());
        assertEquals("127.0.0.1:9092", options.bootstrap().orElseThrow());
        assertEquals("secret", options.kafkaPassword().orElseThrow());
    }

    @Test
    void rejectsWhatItCannotRun() {
        // given / when / then
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse("--nodes", "0"));
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(java.util.Optional.empty(),
                "--bootstrap", "127.0.0.1:9092"));
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse("--leased", "1.5"));
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse("--heartbeat", "ten"));
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse("--heartbeat", "0s"));
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse("--nodes"));
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse("--colour", "red"));
    }
}
