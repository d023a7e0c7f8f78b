package io.computenet.scheduler.placement;

import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.scheduler.decision.LearnedArrivals;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Feeds the learning placement policies ({@link PlacementPolicies#observe}) the lease requests of the current
 * transaction once it has ended, never before: which of them count is {@link LearnedArrivals}'s rule (on commit every
 * request decided; on rollback only a request refused on its own, whose rollback is its refusal). Outside a
 * transaction a request is counted at once.
 */
@ApplicationScoped
public class LearnerFeed {

    /** The key of the transaction's {@link LearnedArrivals} in the registry. */
    private static final Object KEY = LearnerFeed.class.getName() + ".arrivals";

    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    PlacementPolicies policies;

    /** A request decided in this transaction; counted when (and only if) it commits. */
    public void decided(PlacementRequest request, Placement placed) {
        LearnedArrivals arrivals = arrivals();
        if (arrivals == null) {
            policies.observe(request, placed);
        } else {
            arrivals.decided(request, placed);
        }
    }

    /** A request refused on its own: its refusal rolls this transaction back, and it counts when the transaction ends. */
    public void refusedAlone(PlacementRequest request) {
        LearnedArrivals arrivals = arrivals();
        if (arrivals == null) {
            policies.observe(request, null);
        } else {
            arrivals.refusedAlone(request);
        }
    }

    /** The transaction's arrivals, registered for its end on first use; null outside a transaction. */
    private LearnedArrivals arrivals() {
        if (transactions.getTransactionKey() == null) {
            return null;
        }
        LearnedArrivals arrivals = (LearnedArrivals) transactions.getResource(KEY);
        if (arrivals == null) {
            LearnedArrivals created = new LearnedArrivals();
            transactions.putResource(KEY, created);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // nothing is counted before the outcome is known
                }

                @Override
                public void afterCompletion(int status) {
                    created.toCount(status == Status.STATUS_COMMITTED)
                            .forEach(a -> policies.observe(a.request(), a.placed()));
                }
            });
            arrivals = created;
        }
        return arrivals;
    }
}
