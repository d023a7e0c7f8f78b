package io.computenet.billing.delivery;

import io.computenet.kafka.deadletter.DeadLetterRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Moves a record a batch consumer can never apply to {@code computenet.dead-letter.v1}, with the headers SmallRye's
 * per-record dead-letter strategy writes and then the record's own headers ({@link DeadLetterRecord#of}), so that the re-apply recipe of the README reads both
 * alike. Returns once the broker acknowledged it ({@link AckedSender}); the caller's offset is committed only after.
 */
@ApplicationScoped
public class DeadLetters {

    @Inject
    AckedSender sender;

    /** Sends the record with the reason; throws when the broker did not acknowledge it (the caller retries). */
    public void send(ConsumerRecord<String, String> record, Throwable reason) {
        sender.send(DeadLetterRecord.of(record, reason));
    }
}
