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

import java.util.HashMap;
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
        Map<String, Object> props = new HashMap<>(KafkaAccess.clientSecurity(kafkaConfig)); // its login
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.getOrDefault("bootstrap.servers",
                "127.0.0.1:9092"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 9000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "computenet-scheduler-outbox");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    void close(@Disposes Producer<String, String> producer) {
        producer.close();
    }
}
