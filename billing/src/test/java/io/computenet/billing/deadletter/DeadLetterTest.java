package io.computenet.billing.deadletter;

import io.computenet.contracts.Topics;
import io.computenet.kafka.deadletter.DeadLetterRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTest {

    @Test
    void readsOriginAndReasonFromTheDeadLetterHeaders() {
        // given: what the scheduler's DeadLetters writes for an inventory record
        var dead = DeadLetterRecord.of(new ConsumerRecord<>(Topics.INVENTORY, 2, 41L, "node-9", "{}"),
                new IllegalArgumentException("signature does not verify"));

        // when
        DeadLetter d = DeadLetter.of(1, 7, Instant.EPOCH, "node-9", "{}", DeadLetterRecord.read(dead.headers()));

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
        var headers = new DeadLetterRecord(null, null, null, null, "cannot apply", null, "value too long");

        // when
        DeadLetter d = DeadLetter.of(0, 0, Instant.EPOCH, null, "x".repeat(10_000), headers);

        // then
        assertThat(d.reason()).isEqualTo("cannot apply (cause: value too long)");
        assertThat(d.payload()).hasSize(DeadLetter.MAX_PAYLOAD);
        assertThat(d.originOffset()).isNull();
        assertThat(d.service()).isNull();
    }
}
