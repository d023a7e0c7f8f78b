package io.computenet.billing.delivery;

import io.computenet.contracts.access.KafkaAccess;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a record and returns only once the broker acknowledged it (acks=all, idempotent producer): what billing's
 * publishers of state (funds, price books) use, so that they mark a state as sent only after it was, and send it again
 * after a crash in between, and what the batch consumers dead-letter with ({@link DeadLetters}). One producer, made on first use with the service's Kafka settings and login.
 */
@ApplicationScoped
public class AckedSender {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private volatile Producer<String, String> producer;

    private Producer<String, String> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(KafkaAccess.ackedProducer(kafkaConfig, "computenet-billing-state"),
                            new StringSerializer(), new StringSerializer());
                }
            }
        }
        return producer;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close();
        }
    }

    /** Sends the record and waits for the broker's acknowledgement (at most 10 s). */
    public void send(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends the record (with its headers) and waits for the broker's acknowledgement (at most 10 s). */
    public void send(ProducerRecord<String, String> record) {
        try {
            producer().send(record).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + record.topic(), e);
        }
    }
}
