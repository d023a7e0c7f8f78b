package io.computenet.scheduler.lease;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Serialises allocation across scheduler instances: a transaction-scoped PostgreSQL advisory lock, taken by every
 * transaction that hands out or takes back capacity (requests, the queue pass, bookings, drains) and held until it
 * ends.
 */
@ApplicationScoped
public class AllocationLock {

    private static final long ALLOCATION_LOCK = 0x636e_616c_6c6fL;

    @Inject
    EntityManager em;
    @Inject
    AllocationTimers timers;

    /** Takes the lock for the rest of the caller's transaction. */
    public void lock() {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, ALLOCATION_LOCK).getSingleResult();
    }

    /** Takes the lock for the rest of the transaction, timing the wait and how long the transaction then holds it. */
    void lock(AllocationTimers.Path path) {
        timers.lockWait(path).record((Runnable) this::lock);
        timers.heldUntilTransactionEnds(path);
    }
}
