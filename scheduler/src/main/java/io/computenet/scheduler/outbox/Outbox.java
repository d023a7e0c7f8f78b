package io.computenet.scheduler.outbox;

import io.computenet.contracts.Event;
import io.computenet.contracts.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Adds events to the outbox inside the caller's transaction, and wakes the relay when that transaction commits. */
@ApplicationScoped
public class Outbox {

    @Inject
    jakarta.transaction.TransactionSynchronizationRegistry transactions;
    @Inject
    OutboxRelay relay;

    private static final Object WAKE_REGISTERED = new Object();

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String topic, Event event) {
        if (transactions.getResource(WAKE_REGISTERED) == null) {
            // once per transaction: when it commits, the relay sends the rows at once
            transactions.putResource(WAKE_REGISTERED, Boolean.TRUE);
            transactions.registerInterposedSynchronization(new jakarta.transaction.Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == jakarta.transaction.Status.STATUS_COMMITTED) {
                        relay.wake();
                    }
                }
            });
        }
        OutboxEntity row = new OutboxEntity();
        row.topic = topic;
        row.recordKey = event.key();
        row.payload = EventCodec.encode(event);
        row.createdAt = event.occurredAt();
        row.persist();
    }
}
