package io.computenet.scheduler.outbox;

import io.computenet.contracts.Event;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.lease.LeaseAssignment;
import io.computenet.contracts.lease.LeaseEvent;
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
    @Inject
    jakarta.persistence.EntityManager em;

    private static final Object WAKE_REGISTERED = new Object();

    /**
     * Adds the events in this order with one statement (plain JDBC on the transaction's connection: the rows are
     * never entities of the persistence context, and the outbox refers to no other table, so nothing needs flushing
     * first). The lease intake announces a whole batch's leases with one call.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addAll(String topic, java.util.List<? extends Event> events) {
        insert(events.stream().map(e -> new Row(topic, e)).toList());
    }

    /**
     * Adds lease events ({@link Topics#LEASE_EVENTS}) and, after each that starts or ends a lease on a node, the
     * {@link LeaseAssignment} its node agent reads ({@link Topics#LEASE_ASSIGNMENTS}: agents may not read the lease
     * events, which carry the tenant), in this order with one statement.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addLeaseEvents(java.util.List<LeaseEvent> events) {
        java.util.List<Row> rows = new java.util.ArrayList<>(events.size() * 2);
        for (LeaseEvent e : events) {
            rows.add(new Row(Topics.LEASE_EVENTS, e));
            LeaseAssignment.of(e).ifPresent(a -> rows.add(new Row(Topics.LEASE_ASSIGNMENTS, a)));
        }
        insert(rows);
    }

    /** An event and the topic it goes to. */
    private record Row(String topic, Event event) {
    }

    private void insert(java.util.List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        wakeRelayOnCommit();
        String[] topics = new String[rows.size()];
        String[] keys = new String[rows.size()];
        String[] payloads = new String[rows.size()];
        String[] createdAt = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Event e = rows.get(i).event();
            topics[i] = rows.get(i).topic();
            keys[i] = e.key();
            payloads[i] = EventCodec.encode(e);
            createdAt[i] = e.occurredAt().toString();
        }
        em.unwrap(org.hibernate.Session.class).doWork(c -> {
            // unnest yields the rows in array order, so the ids (and the relay's order) follow the list
            try (var s = c.prepareStatement("insert into outbox (topic, record_key, payload, created_at)"
                    + " select t, k, p, cast(a as timestamptz) from unnest(?, ?, ?, ?) as u(t, k, p, a)")) {
                s.setArray(1, c.createArrayOf("varchar", topics));
                s.setArray(2, c.createArrayOf("varchar", keys));
                s.setArray(3, c.createArrayOf("text", payloads));
                s.setArray(4, c.createArrayOf("text", createdAt));
                s.executeUpdate();
            }
        });
    }

    /** Once per transaction: when it commits, the relay sends the rows at once. */
    private void wakeRelayOnCommit() {
        if (transactions.getResource(WAKE_REGISTERED) == null) {
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
    }
}
