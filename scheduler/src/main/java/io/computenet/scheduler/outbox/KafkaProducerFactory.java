package io.computenet.scheduler.outbox;

import io.computenet.contracts.access.KafkaAccess;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;

/**
 * The idempotent Kafka producer the outbox relay, the usage verifier and the dead letters send with (acks=all, so an
 * acknowledged send is durable), logged in as the scheduler's principal like its channels ({@code kafka.sasl.*}).
 */
@ApplicationScoped
public class KafkaProducerFactory {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Produces
    @ApplicationScoped
    Producer<String, String> producer() {
        Map<String, Object> props = KafkaAccess.ackedProducer(kafkaConfig, "computenet-scheduler-outbox");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    void close(@Disposes Producer<String, String> producer) {
        producer.close();
    }
}
