package io.computenet.billing.deadletter;

import io.computenet.billing.delivery.Deliveries;
import io.computenet.kafka.deadletter.DeadLetterRecord;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * Reads {@code computenet.dead-letter.v1} (what billing and the scheduler gave up on) into {@code dead_letters}, for
 * the admins' list. A transient failure is retried in place ({@link Deliveries}); a record is stored once.
 */
@ApplicationScoped
public class DeadLetterConsumer {

    @Inject
    DeadLetterRecords records;
    @Inject
    Deliveries deliveries;

    @Incoming("dead-letters")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        DeadLetter letter = DeadLetter.of(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), record.value(), DeadLetterRecord.read(record.headers()));
        deliveries.apply("dead-letters", record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> records.store(letter));
    }
}
