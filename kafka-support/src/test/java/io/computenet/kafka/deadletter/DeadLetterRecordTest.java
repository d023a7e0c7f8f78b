package io.computenet.kafka.deadletter;

import io.computenet.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterRecordTest {

    private static ConsumerRecord<String, String> inventoryRecord() {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.INVENTORY, 2, 41L, "node-9", "{}");
        record.headers().add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void readsBackTheOriginAndReasonItWrote() {
        // given
        var reason = new IllegalStateException("cannot apply", new IllegalArgumentException("value too long"));

        // when
        ProducerRecord<String, String> dead = DeadLetterRecord.of(inventoryRecord(), reason);

        // then
        assertThat(dead.topic()).isEqualTo(Topics.DEAD_LETTER);
        assertThat(dead.key()).isEqualTo("node-9");
        assertThat(dead.value()).isEqualTo("{}");
        assertThat(DeadLetterRecord.read(dead.headers())).isEqualTo(new DeadLetterRecord(Topics.INVENTORY, 2, 41L,
                "java.lang.IllegalStateException", "cannot apply", "java.lang.IllegalArgumentException",
                "value too long"));
    }

    @Test
    void writesSmallRyesHeaderNamesFirstAndKeepsTheRecordsOwnHeadersAfter() {
        // when
        ProducerRecord<String, String> dead = DeadLetterRecord.of(inventoryRecord(), new NullPointerException());

        // then: no cause headers without a cause; the message falls back to the exception's text
        List<String> names = new ArrayList<>();
        dead.headers().forEach(h -> names.add(h.key()));
        assertThat(names).containsExactly("dead-letter-exception-class-name", "dead-letter-reason",
                "dead-letter-topic", "dead-letter-partition", "dead-letter-offset", "traceparent");
        assertThat(DeadLetterRecord.read(dead.headers()).reason()).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void takesTheFirstOfARepeatedHeaderAndLeavesAnUnreadableNumberOut() {
        // given: a dead letter of a dead letter carries the earlier headers after its own
        var headers = new RecordHeaders();
        headers.add(DeadLetterRecord.TOPIC_HEADER, bytes(Topics.USAGE));
        headers.add(DeadLetterRecord.OFFSET_HEADER, bytes("not a number"));
        headers.add(DeadLetterRecord.TOPIC_HEADER, bytes(Topics.INVENTORY));
        headers.add(DeadLetterRecord.PARTITION_HEADER, bytes(" 3 "));

        // when
        DeadLetterRecord read = DeadLetterRecord.read(headers);

        // then
        assertThat(read).isEqualTo(new DeadLetterRecord(Topics.USAGE, 3, null, null, null, null, null));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
