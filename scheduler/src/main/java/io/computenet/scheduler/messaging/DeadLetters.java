package io.computenet.scheduler.messaging;

import io.computenet.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Moves a record a batch consumer cannot accept to {@code computenet.dead-letter.v1}, with the headers SmallRye's
 * per-record dead-letter strategy writes ({@code dead-letter-reason}, {@code dead-letter-exception-class-name},
 * {@code dead-letter-cause(-class-name)}, {@code dead-letter-topic}, {@code dead-letter-partition},
 * {@code dead-letter-offset}) followed by the record's own headers, so a reader of the topic cannot tell the two
 * apart. Waits for the broker's acknowledgement, retrying while Kafka is away: the caller acknowledges the record only
 * after this returns, so nothing is lost.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    Producer<String, String> producer;

    public void send(ConsumerRecord<String, String> record, Throwable reason) throws InterruptedException {
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
        while (true) {
            try {
                producer.send(dead).get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("cannot dead-letter record %s-%d@%d yet, retrying: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                Thread.sleep(1000);
            }
        }
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
