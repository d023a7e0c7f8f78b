package io.computenet.scheduler.decision;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

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
     * Offers every queued lease once, in fair-share order. Priorities are served highest first; within one, each
     * tenant's leases wait oldest first and a heap of tenants keyed by (what the tenant holds, its oldest lease)
     * picks the next: O(n log n) for n queued leases.
     *
     * @param held what each tenant holds now (devices x share of its live leases); absent means nothing
     * @return the leases in the order they were offered
     */
    public static List<Queued> offer(List<Queued> queue, Map<String, BigDecimal> held, Offer offer) {
        Map<String, BigDecimal> usage = new HashMap<>(held);
        List<Queued> sorted = new ArrayList<>(queue);
        sorted.sort(Comparator.comparingInt(Queued::priority).reversed().thenComparing(AGE));
        List<Queued> order = new ArrayList<>(queue.size());
        int from = 0;
        while (from < sorted.size()) {
            int priority = sorted.get(from).priority();
            int to = from;
            // one priority level: each tenant's leases, oldest first (sorted already keeps them in age order)
            Map<String, ArrayDeque<Queued>> byTenant = new LinkedHashMap<>();
            while (to < sorted.size() && sorted.get(to).priority() == priority) {
                Queued q = sorted.get(to++);
                byTenant.computeIfAbsent(q.tenantId(), t -> new ArrayDeque<>()).add(q);
            }
            PriorityQueue<Turn> turns = new PriorityQueue<>();
            byTenant.forEach((tenant, leases) -> turns.add(new Turn(usage.getOrDefault(tenant, BigDecimal.ZERO),
                    leases)));
            while (!turns.isEmpty()) {
                Turn turn = turns.poll();
                Queued next = turn.leases().poll();
                order.add(next);
                BigDecimal used = turn.usage();
                if (offer.place(next)) {
                    used = usage.merge(next.tenantId(), next.demand(), BigDecimal::add);
                }
                if (!turn.leases().isEmpty()) {
                    turns.add(new Turn(used, turn.leases()));
                }
            }
            from = to;
        }
        return order;
    }

    /** A tenant's turn within one priority: what it holds and its waiting leases, oldest first. */
    private record Turn(BigDecimal usage, ArrayDeque<Queued> leases) implements Comparable<Turn> {
        @Override
        public int compareTo(Turn o) {
            int byUsage = usage.compareTo(o.usage);
            return byUsage != 0 ? byUsage : AGE.compare(leases.peek(), o.leases.peek());
        }
    }
}
