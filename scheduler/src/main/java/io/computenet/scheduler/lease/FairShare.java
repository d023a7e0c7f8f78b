package io.computenet.scheduler.lease;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fair share between tenants in one queue, purely: the order in which a queue pass offers leases to the planner.
 * Higher priority always goes first. Within a priority, the next lease is the oldest one of the tenant that holds the
 * least right now (devices x share of its live leases, plus what this pass has already placed for it), so a tenant
 * that floods the queue cannot starve the others: their leases interleave. Ties go to the older request, then the
 * lease id.
 */
public final class FairShare {

    /** A queued lease as fair share sees it; {@code demand} is what it would hold once placed (devices x share). */
    public record Queued(String leaseId, String tenantId, int priority, Instant requestedAt, BigDecimal demand) {
    }

    /** Receives each lease in turn and says whether it was placed (its demand then counts for its tenant). */
    @FunctionalInterface
    public interface Offer {
        boolean place(Queued lease);
    }

    private static final Comparator<Queued> AGE = Comparator.comparing(Queued::requestedAt)
            .thenComparing(Queued::leaseId);

    private FairShare() {
    }

    /**
     * Offers every queued lease once, in fair-share order.
     *
     * @param held what each tenant holds now (devices x share of its live leases); absent means nothing
     * @return the leases in the order they were offered
     */
    public static List<Queued> offer(List<Queued> queue, Map<String, BigDecimal> held, Offer offer) {
        Map<String, BigDecimal> usage = new HashMap<>(held);
        List<Queued> waiting = new ArrayList<>(queue);
        waiting.sort(AGE);
        List<Queued> order = new ArrayList<>(queue.size());
        while (!waiting.isEmpty()) {
            Queued next = null;
            for (Queued q : waiting) {
                if (next == null || better(q, next, usage)) {
                    next = q;
                }
            }
            waiting.remove(next);
            order.add(next);
            if (offer.place(next)) {
                usage.merge(next.tenantId(), next.demand(), BigDecimal::add);
            }
        }
        return order;
    }

    private static boolean better(Queued a, Queued b, Map<String, BigDecimal> usage) {
        if (a.priority() != b.priority()) {
            return a.priority() > b.priority();
        }
        int byUsage = usage.getOrDefault(a.tenantId(), BigDecimal.ZERO)
                .compareTo(usage.getOrDefault(b.tenantId(), BigDecimal.ZERO));
        if (byUsage != 0) {
            return byUsage < 0;
        }
        return AGE.compare(a, b) < 0;
    }
}
