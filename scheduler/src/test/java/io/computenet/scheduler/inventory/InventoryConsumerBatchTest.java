package io.computenet.scheduler.inventory;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.scheduler.messaging.DeadLetters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumer's handling of a poll, with the transaction and Kafka replaced by recording fakes. */
class InventoryConsumerBatchTest {

    private final List<String> applied = new ArrayList<>();
    private final Map<String, String> deadLettered = new LinkedHashMap<>();
    private final InventoryConsumer consumer = new InventoryConsumer();

    InventoryConsumerBatchTest() {
        consumer.metrics = new SimpleMeterRegistry();
        consumer.deadLetters = new DeadLetters() {
            @Override
            public void send(ConsumerRecord<String, String> record, Throwable reason) {
                deadLettered.put(record.key(), reason.getMessage());
            }
        };
        consumer.inventory = new InventoryService() {
            @Override
            public void apply(InventoryEvent event, SignedRecord record) {
                if (event.nodeId().equals("refused")) {
                    throw new RejectedInventoryException("not-owner", "node refused may not");
                }
                if (event.nodeId().equals("broken")) {
                    throw new IllegalStateException("value too long for type character varying(64)");
                }
                applied.add(event.nodeId());
            }
        };
    }

    @Test
    void recordsTheBatchRejectsAreDeadLetteredWithTheirReasonAndTheRestIsApplied() throws Exception {
        // given
        List<InventoryBatch.Item> seen = new ArrayList<>();
        consumer.batch = new InventoryBatch() {
            @Override
            public List<Outcome> apply(List<Item> items) {
                seen.addAll(items);
                return List.of(Outcome.APPLIED, new Outcome("bad-signature", "does not verify"), Outcome.APPLIED);
            }
        };

        // when
        consumer.consume(records(record("a"), record("garbled", "{\"eventId\":"), record("b"), record("c")));

        // then
        assertThat(seen).extracting(i -> i.event().nodeId()).containsExactly("a", "b", "c");
        assertThat(seen.get(1).record().key()).isEqualTo("b");
        assertThat(deadLettered).containsOnlyKeys("garbled", "b");
        assertThat(deadLettered.get("b")).isEqualTo("does not verify");
        assertThat(consumer.metrics.get("computenet.scheduler.inventory.rejected").tag("reason", "bad-signature")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void aBatchThatFailsAsAWholeIsAppliedOneRecordAtATimeAndOnlyTheFailingOnesAreDeadLettered() throws Exception {
        // given
        consumer.batch = new InventoryBatch() {
            @Override
            public List<Outcome> apply(List<Item> items) {
                throw new IllegalStateException("could not execute batch");
            }
        };

        // when
        consumer.consume(records(record("a"), record("broken"), record("refused"), record("b")));

        // then
        assertThat(applied).containsExactly("a", "b");
        assertThat(deadLettered).containsOnlyKeys("broken", "refused");
        assertThat(deadLettered.get("broken")).contains("character varying(64)");
        assertThat(deadLettered.get("refused")).isEqualTo("node refused may not");
        assertThat(consumer.metrics.get("computenet.scheduler.inventory.rejected").tag("reason", "error")
                .counter().count()).isEqualTo(1.0);
    }

    private static ConsumerRecord<String, String> record(String nodeId) {
        return record(nodeId, EventCodec.encode(InventoryEvent.heartbeat(Instant.parse("2026-12-06T10:00:00Z"),
                nodeId, "op-test", "cn-east-yrd", "cn-east-yrd-1", nodeId, List.of())));
    }

    private static ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>(Topics.INVENTORY, 0, 0, key, value);
    }

    @SafeVarargs
    private static ConsumerRecords<String, String> records(ConsumerRecord<String, String>... records) {
        return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.INVENTORY, 0), List.of(records)), Map.of());
    }
}
