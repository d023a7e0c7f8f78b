package io.computenet.scheduler.outbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Relays outbox rows to Kafka in id order and marks them published in the same transaction that locked them
 * ({@code FOR UPDATE SKIP LOCKED}, so several scheduler instances never send one row twice at the same time).
 * A send that fails rolls the batch back and is retried on the next tick: delivery is at least once, and the
 * consumers deduplicate by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    @Inject
    EntityManager em;
    @Inject
    Producer<String, String> producer;
    @Inject
    Clock clock;

    @Scheduled(every = "0.2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "1s")
    void tick() {
        try {
            while (relayBatch() == BATCH) {
                // keep going while there is a backlog
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay will retry: %s", e.getMessage());
        }
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public int relayBatch() {
        List<OutboxEntity> rows = em.createNativeQuery(
                        "select * from outbox where published_at is null order by id limit " + BATCH
                                + " for update skip locked", OutboxEntity.class)
                .getResultList();
        try {
            var futures = rows.stream()
                    .map(r -> producer.send(new ProducerRecord<>(r.topic, r.recordKey, r.payload)))
                    .toList();
            for (var f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not accept the outbox batch", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while relaying the outbox", e);
        }
        var now = clock.instant();
        rows.forEach(r -> r.publishedAt = now);
        return rows.size();
    }
}
