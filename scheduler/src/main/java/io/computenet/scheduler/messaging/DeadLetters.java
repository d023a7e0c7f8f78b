package io.computenet.scheduler.messaging;

import io.computenet.kafka.deadletter.DeadLetterRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Moves a record a batch consumer cannot accept to {@code computenet.dead-letter.v1}, with the headers SmallRye's
 * per-record dead-letter strategy writes followed by the record's own headers ({@link DeadLetterRecord#of}), so a
 * reader of the topic cannot tell the two apart. Waits for the broker's acknowledgement, retrying while Kafka is away: the caller acknowledges the record only
 * after this returns, so nothing is lost.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    Producer<String, String> producer;

    public void send(ConsumerRecord<String, String> record, Throwable reason) throws InterruptedException {
        ProducerRecord<String, String> dead = DeadLetterRecord.of(record, reason);
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
}
