package io.computenet.scheduler.outbox;

import io.computenet.contracts.Event;
import io.computenet.contracts.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Adds events to the outbox inside the caller's transaction. */
@ApplicationScoped
public class Outbox {

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String topic, Event event) {
        OutboxEntity row = new OutboxEntity();
        row.topic = topic;
        row.recordKey = event.key();
        row.payload = EventCodec.encode(event);
        row.createdAt = event.occurredAt();
        row.persist();
    }
}
