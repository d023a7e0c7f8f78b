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

    /** One relay at a time in this instance, so one lease's events leave in the order they were written. */
    private final java.util.concurrent.locks.ReentrantLock relaying = new java.util.concurrent.locks.ReentrantLock();
    /** Set when rows were committed while a relay ran: it goes round once more. */
    private final java.util.concurrent.atomic.AtomicBoolean again = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean woken = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.ExecutorService waker = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "outbox-relay-waker");
                t.setDaemon(true);
                return t;
            });

    /** The safety net (Quarkus runs sub-second intervals once a second); commits wake the relay at once. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "1s")
    void tick() {
        relay();
    }

    /**
     * Relays soon, off the caller's thread: called after a transaction that wrote outbox rows committed, so an event
     * reaches Kafka in milliseconds instead of waiting for the next tick. Wakes coalesce.
     */
    public void wake() {
        if (woken.compareAndSet(false, true)) {
            try {
                waker.execute(() -> {
                    woken.set(false);
                    relay();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                woken.set(false); // shutting down: the rows wait for the next start
            }
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        waker.shutdownNow();
    }

    private void relay() {
        if (!relaying.tryLock()) {
            again.set(true);
            return;
        }
        try {
            do {
                again.set(false);
                while (relayBatch() == BATCH) {
                    // keep going while there is a backlog
                }
            } while (again.get());
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay will retry: %s", e.getMessage());
        } finally {
            relaying.unlock();
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
