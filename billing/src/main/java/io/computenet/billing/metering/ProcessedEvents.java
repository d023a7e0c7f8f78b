package io.computenet.billing.metering;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;

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
}
