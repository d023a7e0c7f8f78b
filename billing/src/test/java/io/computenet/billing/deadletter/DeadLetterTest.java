package io.computenet.billing.deadletter;

import io.computenet.contracts.Topics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsOriginAndReasonFromTheDeadLetterHeaders() {
        // given: what the scheduler's DeadLetters writes for an inventory record
        Map<String, byte[]> headers = Map.of("dead-letter-topic", b(Topics.INVENTORY),
                "dead-letter-partition", b("2"), "dead-letter-offset", b("41"),
                "dead-letter-reason", b("signature does not verify"),
                "dead-letter-exception-class-name", b("java.lang.IllegalArgumentException"));

        // when
        DeadLetter d = DeadLetter.of(1, 7, Instant.EPOCH, "node-9", "{}", headers);

        // then
        assertThat(d).isEqualTo(new DeadLetter(1, 7, Instant.EPOCH, "scheduler", Topics.INVENTORY, 2, 41L,
                "signature does not verify", "java.lang.IllegalArgumentException", "node-9", "{}"));
    }

    @Test
    void namesTheServiceThatReadsTheOriginTopic() {
        assertThat(DeadLetter.serviceOf(Topics.LEASE_EVENTS)).isEqualTo("billing");
        assertThat(DeadLetter.serviceOf(Topics.USAGE)).isEqualTo("scheduler");
        assertThat(DeadLetter.serviceOf("computenet.unknown.v1")).isNull();
        assertThat(DeadLetter.serviceOf(null)).isNull();
    }

    @Test
    void keepsACauseBesideTheReasonAndCutsALongPayload() {
        // given
        Map<String, byte[]> headers = Map.of("dead-letter-reason", b("cannot apply"),
                "dead-letter-cause", b("value too long"), "dead-letter-offset", b("not a number"));

        // when
        DeadLetter d = DeadLetter.of(0, 0, Instant.EPOCH, null, "x".repeat(10_000), headers);

        // then
        assertThat(d.reason()).isEqualTo("cannot apply (cause: value too long)");
        assertThat(d.payload()).hasSize(DeadLetter.MAX_PAYLOAD);
        assertThat(d.originOffset()).isNull();
        assertThat(d.service()).isNull();
    }
}
