package io.computenet.benchmarks;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.lease.LeaseEvent;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the outbox relay's lag from the consumer's side: reads {@code computenet.lease-events.v1} from its end and,
 * for each {@code lease.scheduled} (and {@code lease.ended}) event that occurred inside the measured window, records
 * (a) how long after the lease's creation the relay handed it to Kafka (the record's producer timestamp minus the
 * event's {@code occurredAt}, the scheduler's clock when it created the lease) and (b) how long until this consumer
 * had it. Everything runs on one machine, so the clocks are one clock.
 */
final class LeaseEventLag implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Instant from = Instant.MAX;
    private volatile Instant to = Instant.MAX;
    private final Histogram toKafka = LatencySummary.newHistogram();
    private final Histogram toConsumer = LatencySummary.newHistogram();
    private final Histogram endedToConsumer = LatencySummary.newHistogram();
    private final AtomicLong scheduled = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile Instant lastSeen = Instant.EPOCH;

    /** @param kafka the client settings (bootstrap servers and login) of a principal that may read lease events */
    LeaseEventLag(Map<String, Object> kafka) {
        Map<String, Object> config = new java.util.HashMap<>(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "lease-load-harness-lag");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.LEASE_EVENTS, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, not at the first poll
        thread = new Thread(this::run, "lease-event-lag");
        thread.setDaemon(true);
        thread.start();
    }

    /** Events that occurred in {@code [from, to)} are measured. */
    void window(Instant from, Instant to) {
        this.from = from;
        this.to = to;
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                Instant now = Instant.now();
                LeaseEvent event;
                try {
                    event = EventCodec.decode(r.value(), LeaseEvent.class);
                } catch (RuntimeException e) {
                    undecodable.incrementAndGet();
                    continue;
                }
                Instant at = event.occurredAt();
                lastSeen = at;
                if (at.isBefore(from) || !at.isBefore(to)) {
                    continue;
                }
                long micros = Math.max(0, Duration.between(at, now).toNanos() / 1000);
                synchronized (this) {
                    if (LeaseEvent.TYPE_SCHEDULED.equals(event.type())) {
                        scheduled.incrementAndGet();
                        toConsumer.recordValue(micros);
                        long atMicros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
                        toKafka.recordValue(Math.max(0, r.timestamp() * 1000 - atMicros));
                    } else if (LeaseEvent.TYPE_ENDED.equals(event.type())) {
                        ended.incrementAndGet();
                        endedToConsumer.recordValue(micros);
                    }
                }
            }
        }
    }

    long scheduledSeen() {
        return scheduled.get();
    }

    long endedSeen() {
        return ended.get();
    }

    long undecodable() {
        return undecodable.get();
    }

    /** {@code occurredAt} of the newest event read. */
    Instant lastSeen() {
        return lastSeen;
    }

    synchronized LatencySummary relayToKafka() {
        return LatencySummary.of(toKafka);
    }

    synchronized LatencySummary scheduledToConsumer() {
        return LatencySummary.of(toConsumer);
    }

    synchronized LatencySummary endedToConsumer() {
        return LatencySummary.of(endedToConsumer);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
