package io.computenet.scheduler.inventory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.Instant;

/**
 * Remembers applied event ids so that a redelivered Kafka record changes nothing. Ids are kept for
 * {@code computenet.scheduler.retention.event-ids} ({@link io.computenet.scheduler.Pruning}); a repeat of an event
 * whose id is gone is still recognised by {@link #superseded}.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager em;

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
}
