package io.computenet.devstack.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Sends raw records to a real broker and reads topics from the beginning, for tests, logged in as whoever
 * {@code clientConfig} says ({@code KafkaBroker.superUser()} may do anything, {@code KafkaBroker.clientConfig(name)}
 * only what the ACLs grant that principal).
 */
public final class KafkaTestClient implements AutoCloseable {

    private final Map<String, Object> clientConfig;
    private final KafkaProducer<String, String> producer;

    public KafkaTestClient(Map<String, Object> clientConfig) {
        this.clientConfig = Map.copyOf(clientConfig);
        Map<String, Object> producerConfig = new java.util.HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        // a record the broker refuses (not authorised) fails its send at once, not after retries
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
    }

    public void send(String topic, String key, String value) {
        send(topic, key, value, Map.of());
    }

    /** Sends a record with these headers (UTF-8 values), e.g. a node agent's signature. */
    public void send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /**
     * Reads the topic from the beginning until a record matching {@code until} has been seen or the timeout passes,
     * and returns every record read.
     */
    public List<ConsumerRecord<String, String>> readUntil(String topic, Predicate<ConsumerRecord<String, String>> until,
                                                          Duration timeout) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        Map<String, Object> consumerConfig = new java.util.HashMap<>(clientConfig);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r);
                    if (until.test(r)) {
                        return seen;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout.toSeconds() + " s; saw "
                + seen.size() + " record(s): " + seen.stream().map(ConsumerRecord::value).toList());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
