package io.computenet.billing.delivery;

import io.computenet.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Moves a record a batch consumer can never apply to {@code computenet.dead-letter.v1}, with the headers SmallRye's
 * per-record dead-letter strategy writes ({@code dead-letter-reason}, {@code dead-letter-exception-class-name},
 * {@code dead-letter-cause(-class-name)}, {@code dead-letter-topic}, {@code dead-letter-partition},
 * {@code dead-letter-offset}) and then the record's own headers, so that the re-apply recipe of the README reads both
 * alike. Returns once the broker acknowledged it ({@link AckedSender}); the caller's offset is committed only after.
 */
@ApplicationScoped
public class DeadLetters {

    @Inject
    AckedSender sender;

    /** Sends the record with the reason; throws when the broker did not acknowledge it (the caller retries). */
    public void send(ConsumerRecord<String, String> record, Throwable reason) {
        ProducerRecord<String, String> dead = new ProducerRecord<>(Topics.DEAD_LETTER, record.key(), record.value());
        header(dead, "dead-letter-exception-class-name", reason.getClass().getName());
        header(dead, "dead-letter-reason", message(reason));
        if (reason.getCause() != null) {
            header(dead, "dead-letter-cause-class-name", reason.getCause().getClass().getName());
            header(dead, "dead-letter-cause", message(reason.getCause()));
        }
        header(dead, "dead-letter-topic", record.topic());
        header(dead, "dead-letter-partition", Integer.toString(record.partition()));
        header(dead, "dead-letter-offset", Long.toString(record.offset()));
        record.headers().forEach(h -> dead.headers().add(h));
        sender.send(dead);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
