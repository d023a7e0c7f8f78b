package io.computenet.scheduler;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Deletes the rows kept only to recognise a repeat once their retention ({@code computenet.scheduler.retention.*})
 * has passed: once a minute, a bounded batch per transaction. The retentions are checked at startup.
 */
@ApplicationScoped
public class Pruning {

    private static final Logger LOG = Logger.getLogger(Pruning.class);
    /** Rows deleted per transaction. */
    static final int BATCH = 10_000;

    /** What is pruned: the table, its key, the time column the retention counts from, and the retention. */
    public enum Kept {
        /** Outbox rows relayed to Kafka (Kafka holds the events). */
        RELAYED_OUTBOX_ROWS("relayed outbox rows", "computenet.scheduler.retention.outbox", "outbox", "id",
                "published_at", SchedulerConfig.Retention::outbox),
        /** Ids of applied inventory events (a repeat is still recognised by its time: ProcessedEvents.superseded). */
        APPLIED_EVENT_IDS("applied inventory event ids", "computenet.scheduler.retention.event-ids",
                "processed_events", "event_id", "processed_at", SchedulerConfig.Retention::eventIds),
        /** Ids of counted traffic reports of the inference gateway (a repeat arrives within seconds). */
        COUNTED_TRAFFIC_REPORT_IDS("counted endpoint traffic report ids", "computenet.scheduler.retention.event-ids",
                "endpoint_traffic_reports", "report_id", "received_at", SchedulerConfig.Retention::eventIds),
        /** Quotes never booked, once their hold has ended (a booked quote stays: its lease names it). */
        EXPIRED_QUOTES("expired quotes never booked", "computenet.scheduler.retention.quotes", "quotes",
                "quote_id", "valid_until", SchedulerConfig.Retention::quotes, "booked_lease_id is null");

        private final String what;
        private final String key;
        private final String delete;
        private final Function<SchedulerConfig.Retention, Duration> retention;

        Kept(String what, String key, String table, String id, String since,
             Function<SchedulerConfig.Retention, Duration> retention) {
            this(what, key, table, id, since, retention, "true");
        }

        Kept(String what, String key, String table, String id, String since,
             Function<SchedulerConfig.Retention, Duration> retention, String only) {
            this.what = what;
            this.key = key;
            this.delete = "delete from " + table + " where " + id + " in (select " + id + " from " + table
                    + " where " + since + " < ?1 and " + only + " limit " + BATCH + ")";
            this.retention = retention;
        }
    }

    @Inject
    EntityManager em;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;

    /** The scheduler does not start with a retention that would delete rows as they are written. */
    void checkRetentions(@Observes StartupEvent event) {
        for (Kept kept : Kept.values()) {
            retention(kept.key, kept.retention.apply(config.retention()));
        }
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        for (Kept kept : Kept.values()) {
            inBatches(() -> deleteBatch(kept), BATCH, kept.what + " older than "
                    + kept.retention.apply(config.retention()));
        }
    }

    /** Deletes up to {@link #BATCH} of these rows older than their retention; returns how many. */
    @Transactional
    public int deleteBatch(Kept kept) {
        return em.createNativeQuery(kept.delete)
                .setParameter(1, clock.instant().minus(kept.retention.apply(config.retention())))
                .executeUpdate();
    }

    /**
     * A retention from the configuration, checked: a zero or negative one would delete rows the moment they are
     * written (and with the applied event ids, the protection against redelivery). Thrown at startup, naming the key.
     */
    public static Duration retention(String key, Duration retention) {
        if (retention == null || retention.isZero() || retention.isNegative()) {
            throw new IllegalArgumentException(key + ": a retention must be positive, was " + retention);
        }
        return retention;
    }

    /**
     * Runs {@code deleteBatch} (one transaction deleting at most {@code batchSize} rows, returning how many) until a
     * batch comes back short. A failure is logged and left to the next run: the rows stay until then, nothing else.
     *
     * @param what the rows, for the log ("relayed outbox rows older than 24h")
     * @return the rows deleted
     */
    static int inBatches(IntSupplier deleteBatch, int batchSize, String what) {
        int total = 0;
        try {
            int deleted;
            do {
                deleted = deleteBatch.getAsInt();
                total += deleted;
            } while (deleted == batchSize);
            LOG.debugf("%d %s deleted", total, what);
        } catch (RuntimeException e) {
            LOG.warnf("deleting %s will be tried again in a minute (%d deleted before): %s", what, total,
                    e.getMessage());
        }
        return total;
    }
}
