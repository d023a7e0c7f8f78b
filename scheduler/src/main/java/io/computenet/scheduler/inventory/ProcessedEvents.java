package io.computenet.scheduler.inventory;

import io.computenet.scheduler.SchedulerConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers applied event ids so that a redelivered Kafka record changes nothing. Ids are kept for
 * {@code computenet.scheduler.retention.event-ids}; a repeat of an event whose id is gone is still recognised by
 * {@link #superseded}.
 */
@ApplicationScoped
public class ProcessedEvents {

    /** Ids deleted per transaction when pruning. */
    static final int PRUNE_BATCH = 10_000;

    @Inject
    EntityManager em;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;

    /** Records the id in the current transaction; false when it was applied before. */
    public boolean firstTime(String eventId, Instant now) {
        int inserted = em.createNativeQuery(
                        "insert into processed_events (event_id, processed_at) values (?1, ?2) on conflict do nothing")
                .setParameter(1, eventId)
                .setParameter(2, now)
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * Whether an event of a known node must not be applied although its id is not (or no longer) recorded: it is
     * older than the last event applied for the node (reordering must never roll a node back), or exactly as old as
     * that one while nothing was applied for the node within the id retention. In the second case it is that very
     * event again, its id pruned: two different events of a node do not carry one timestamp {@code retention} apart,
     * and a repeat must not mark a silent node as heard from now.
     *
     * @param lastEventAt the occurrence time of the last event applied for the node
     * @param lastSeenAt  when that (or a later same-time) event was applied
     */
    public static boolean superseded(Instant lastEventAt, Instant lastSeenAt, Instant occurredAt, Instant now,
                                     Duration retention) {
        if (lastEventAt.isAfter(occurredAt)) {
            return true;
        }
        return lastEventAt.equals(occurredAt) && lastSeenAt != null && lastSeenAt.isBefore(now.minus(retention));
    }

    /** Checks the retention at startup: the scheduler does not start with one that would undo deduplication. */
    void checkRetention(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        io.computenet.scheduler.Pruning.retention("computenet.scheduler.retention.event-ids",
                config.retention().eventIds());
    }

    /** Once a minute: ids applied before the retention are deleted, a bounded batch per transaction. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        io.computenet.scheduler.Pruning.inBatches(this::pruneBatch, PRUNE_BATCH,
                "applied inventory event ids older than " + config.retention().eventIds());
    }

    /** Deletes up to {@link #PRUNE_BATCH} ids applied before the retention; returns how many. */
    @Transactional
    public int pruneBatch() {
        return em.createNativeQuery("delete from processed_events where event_id in (select event_id"
                        + " from processed_events where processed_at < ?1 limit " + PRUNE_BATCH + ")")
                .setParameter(1, clock.instant().minus(config.retention().eventIds()))
                .executeUpdate();
    }
}
