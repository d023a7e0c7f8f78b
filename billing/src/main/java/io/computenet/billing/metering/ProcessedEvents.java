package io.computenet.billing.metering;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** Remembers applied event ids so that a redelivered lease event changes no charge. */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager em;

    /** Records the id in the current transaction; false when it was applied before. */
    public boolean firstTime(String eventId, Instant now) {
        return em.createNativeQuery(
                        "insert into processed_events (event_id, processed_at) values (?1, ?2) on conflict do nothing")
                .setParameter(1, eventId)
                .setParameter(2, now)
                .executeUpdate() == 1;
    }

    /**
     * Records a batch's ids in the current transaction with one statement, as {@link #firstTime} each: returns the
     * ids recorded now, i.e. not applied before (an id given twice is recorded, and returned, once), in a set the
     * caller may change.
     */
    public Set<String> firstTimes(Collection<String> eventIds, Instant now) {
        Set<String> distinct = new LinkedHashSet<>(eventIds);
        if (distinct.isEmpty()) {
            return new HashSet<>();
        }
        return em.unwrap(Session.class).doReturningWork(c -> {
            Set<String> recorded = new HashSet<>();
            Array ids = c.createArrayOf("varchar", distinct.toArray());
            try (PreparedStatement s = c.prepareStatement("insert into processed_events (event_id, processed_at)"
                    + " select id, ? from unnest(?) as t(id) on conflict do nothing returning event_id")) {
                s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                s.setArray(2, ids);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        recorded.add(r.getString(1));
                    }
                }
            } finally {
                ids.free();
            }
            return recorded;
        });
    }
}
