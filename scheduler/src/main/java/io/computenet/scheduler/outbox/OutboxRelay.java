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

    /** One outbox row as the relay sends it. */
    private record Row(long id, String topic, String key, String payload) {
    }

    /**
     * Sends the oldest unsent rows (up to {@link #BATCH}) and marks them published in the transaction that locked
     * them: one read and one JDBC batch of updates (plain JDBC on the transaction's connection: the rows are never
     * managed entities).
     */
    @Transactional
    public int relayBatch() {
        org.hibernate.Session session = em.unwrap(org.hibernate.Session.class);
        List<Row> rows = session.doReturningWork(c -> {
            List<Row> read = new java.util.ArrayList<>();
            try (var s = c.prepareStatement("select id, topic, record_key, payload from outbox"
                    + " where published_at is null order by id limit " + BATCH + " for update skip locked");
                 var r = s.executeQuery()) {
                while (r.next()) {
                    read.add(new Row(r.getLong(1), r.getString(2), r.getString(3), r.getString(4)));
                }
            }
            return read;
        });
        if (rows.isEmpty()) {
            return 0;
        }
        try {
            var futures = rows.stream()
                    .map(r -> producer.send(new ProducerRecord<>(r.topic(), r.key(), r.payload())))
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
        var now = java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        session.doWork(c -> {
            // one primary-key update per row, sent as one JDBC batch: with "id = any(array)" a batch took 29 ms in
            // one load run, by all appearances a scan of the grown table; a key lookup has no such plan
            try (var s = c.prepareStatement("update outbox set published_at = ? where id = ?")) {
                for (Row row : rows) {
                    s.setObject(1, now);
                    s.setLong(2, row.id());
                    s.addBatch();
                }
                s.executeBatch();
            }
        });
        return rows.size();
    }
}
