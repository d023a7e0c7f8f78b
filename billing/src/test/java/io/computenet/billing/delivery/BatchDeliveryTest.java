package io.computenet.billing.delivery;

import io.computenet.contracts.EventDecodingException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Deliveries#applyBatch}: a poll's records in one go, and when that fails, one at a time with a transient
 * failure retried and a permanent one dead-lettered, the others applied in order.
 */
class BatchDeliveryTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> deadLettered = new ArrayList<>();
    private final List<List<String>> batches = new ArrayList<>();
    private final List<String> appliedOneByOne = new ArrayList<>();
    private final Map<String, Integer> transientFailuresLeft = new HashMap<>();
    private Deliveries deliveries;

    @BeforeEach
    void wire() {
        deliveries = new Deliveries();
        deliveries.registry = registry;
        deliveries.deadLetters = new DeadLetters() {
            @Override
            public void send(ConsumerRecord<String, String> record, Throwable reason) {
                deadLettered.add(record.value() + ": " + reason.getMessage());
            }
        };
    }

    private static List<ConsumerRecord<String, String>> records(String... values) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            records.add(new ConsumerRecord<>("computenet.lease-events.v1", 0, 100 + i, "key-" + i, values[i]));
        }
        return records;
    }

    /** Values are the events; "garbage" does not decode. */
    private static String decode(String value) {
        if (value.startsWith("garbage")) {
            throw new EventDecodingException("not an event: " + value, null);
        }
        return value;
    }

    /** Applies one event: "poison" breaks the event's rules, "flaky" fails transiently as often as set. */
    private void applyOne(String event) {
        if (event.startsWith("poison")) {
            throw new IllegalArgumentException("breaks the rules: " + event);
        }
        int left = transientFailuresLeft.getOrDefault(event, 0);
        if (left > 0) {
            transientFailuresLeft.put(event, left - 1);
            throw new RuntimeException("connection lost", new SQLException("I/O error", "08006"));
        }
        appliedOneByOne.add(event);
    }

    /** Applies a batch as one transaction would: all of it, or nothing when one event fails. */
    private void applyAll(List<String> events) {
        for (String event : events) {
            if (event.startsWith("poison") || transientFailuresLeft.getOrDefault(event, 0) > 0) {
                throw new IllegalStateException("the batch's transaction rolled back at " + event);
            }
        }
        batches.add(List.copyOf(events));
    }

    private void deliver(List<ConsumerRecord<String, String>> records) {
        deliveries.applyBatch("lease-events", records, BatchDeliveryTest::decode, this::applyAll, this::applyOne);
    }

    private double count(String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void appliesAPollAsOneBatch() {
        // when
        deliver(records("a", "b", "c"));

        // then
        assertThat(batches).containsExactly(List.of("a", "b", "c"));
        assertThat(appliedOneByOne).isEmpty();
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aRecordThatDoesNotDecodeIsDeadLetteredAndTheOthersStayOneBatch() {
        // when
        deliver(records("a", "garbage-1", "b"));

        // then
        assertThat(batches).containsExactly(List.of("a", "b"));
        assertThat(deadLettered).containsExactly("garbage-1: not an event: garbage-1");
        assertThat(count("computenet.billing.dead.lettered")).isEqualTo(1);
    }

    @Test
    void aPoisonRecordInsideABatchIsDeadLetteredAndTheOthersAppliedInOrder() {
        // when
        deliver(records("a", "poison-1", "b", "c"));

        // then: the batch fell back to one at a time; only the poison record is lost to the dead-letter topic
        assertThat(batches).isEmpty();
        assertThat(appliedOneByOne).containsExactly("a", "b", "c");
        assertThat(deadLettered).containsExactly("poison-1: breaks the rules: poison-1");
        assertThat(count("computenet.billing.delivery.batch.fallbacks")).isEqualTo(1);
        assertThat(count("computenet.billing.dead.lettered")).isEqualTo(1);
    }

    @Test
    void appliesALongPollInChunksAndOnlyTheFailedChunkOneAtATime() {
        // given
        deliveries.chunkSize = 2;

        // when
        deliver(records("a", "b", "c", "poison-1", "d"));

        // then
        assertThat(batches).containsExactly(List.of("a", "b"), List.of("d"));
        assertThat(appliedOneByOne).containsExactly("c");
        assertThat(deadLettered).containsExactly("poison-1: breaks the rules: poison-1");
    }

    @Test
    void aTransientFailureIsRetriedNeverDeadLettered() {
        // given: the database drops the connection while the batch and "b" alone are applied, twice
        transientFailuresLeft.put("b", 2);

        // when
        deliver(records("a", "b", "c"));

        // then: the batch failed, then "b" alone was tried until it passed (two retries)
        assertThat(appliedOneByOne).containsExactly("a", "b", "c");
        assertThat(deadLettered).isEmpty();
        assertThat(count("computenet.billing.delivery.retries")).isEqualTo(2);
        assertThat(count("computenet.billing.dead.lettered")).isZero();
    }

    @Test
    void aDeadLetterTheBrokerDidNotAcknowledgeIsSentAgain() {
        // given: the broker refuses the first dead-letter send
        List<String> tries = new ArrayList<>();
        deliveries.deadLetters = new DeadLetters() {
            @Override
            public void send(ConsumerRecord<String, String> record, Throwable reason) {
                tries.add(record.value());
                if (tries.size() == 1) {
                    throw new IllegalStateException("could not send to computenet.dead-letter.v1");
                }
            }
        };

        // when
        deliver(records("garbage-1", "a"));

        // then
        assertThat(tries).containsExactly("garbage-1", "garbage-1");
        assertThat(batches).containsExactly(List.of("a"));
    }
}
