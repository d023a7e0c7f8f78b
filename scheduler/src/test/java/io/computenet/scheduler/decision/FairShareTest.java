package io.computenet.scheduler.decision;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue offers leases by priority, then to the tenant holding least, then oldest first. */
class FairShareTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static FairShare.Queued q(String id, String tenant, int priority, int secondsAfter, int devices) {
        return new FairShare.Queued(id, tenant, priority, T0.plusSeconds(secondsAfter), BigDecimal.valueOf(devices));
    }

    private static List<String> ids(List<FairShare.Queued> order) {
        return order.stream().map(FairShare.Queued::leaseId).toList();
    }

    @Test
    void aTenantThatFloodedTheQueueDoesNotStarveALaterTenant() {
        // given: tenant a queued three leases before tenant b queued one; both hold nothing
        List<FairShare.Queued> queue = List.of(q("a1", "a", 100, 0, 1), q("a2", "a", 100, 1, 1),
                q("a3", "a", 100, 2, 1), q("b1", "b", 100, 3, 1));

        // when every lease fits
        List<FairShare.Queued> order = FairShare.offer(queue, Map.of(), lease -> true);

        // then: a1 (oldest), then b1 (b holds nothing, a holds 1), then the rest of a
        assertThat(ids(order)).containsExactly("a1", "b1", "a2", "a3");
    }

    @Test
    void whatTenantsAlreadyHoldCounts() {
        List<FairShare.Queued> queue = List.of(q("a1", "a", 100, 0, 1), q("b1", "b", 100, 5, 1));

        List<FairShare.Queued> order = FairShare.offer(queue, Map.of("a", new BigDecimal("4.5")), lease -> true);

        assertThat(ids(order)).containsExactly("b1", "a1");
    }

    @Test
    void priorityBeatsFairShareAndALeaseThatDidNotFitCountsNothing() {
        // given: b's high-priority lease does not fit; a holds more than b
        List<FairShare.Queued> queue = List.of(q("a1", "a", 100, 0, 2), q("b-big", "b", 500, 9, 8),
                q("b1", "b", 100, 1, 1), q("a2", "a", 100, 2, 1));
        List<String> placed = new ArrayList<>();

        // when
        List<FairShare.Queued> order = FairShare.offer(queue, Map.of("a", BigDecimal.ONE), lease -> {
            if (lease.leaseId().equals("b-big")) {
                return false;
            }
            placed.add(lease.leaseId());
            return true;
        });

        // then: b-big first (priority), b1 (b holds 0), a1 (a holds 1 vs b 1: older), then a2
        assertThat(ids(order)).containsExactly("b-big", "b1", "a1", "a2");
        assertThat(placed).containsExactly("b1", "a1", "a2");
    }

    /**
     * The rule as first written, quadratic: each time, the highest priority, then the tenant holding least, then the
     * oldest lease, over everything still waiting. The heap-based {@link FairShare#offer} must give the same order.
     */
    private static List<String> reference(List<FairShare.Queued> queue, Map<String, BigDecimal> held,
                                          java.util.function.Predicate<FairShare.Queued> fits) {
        Map<String, BigDecimal> usage = new java.util.HashMap<>(held);
        List<FairShare.Queued> waiting = new ArrayList<>(queue);
        List<String> order = new ArrayList<>();
        java.util.Comparator<FairShare.Queued> age = java.util.Comparator.comparing(FairShare.Queued::requestedAt)
                .thenComparing(FairShare.Queued::leaseId);
        while (!waiting.isEmpty()) {
            FairShare.Queued next = null;
            for (FairShare.Queued c : waiting) {
                if (next == null) {
                    next = c;
                    continue;
                }
                int cmp = Integer.compare(next.priority(), c.priority());
                if (cmp == 0) {
                    cmp = usage.getOrDefault(c.tenantId(), BigDecimal.ZERO)
                            .compareTo(usage.getOrDefault(next.tenantId(), BigDecimal.ZERO));
                }
                if (cmp == 0) {
                    cmp = age.compare(c, next);
                }
                if (cmp < 0) {
                    next = c;
                }
            }
            waiting.remove(next);
            order.add(next.leaseId());
            if (fits.test(next)) {
                usage.merge(next.tenantId(), next.demand(), BigDecimal::add);
            }
        }
        return order;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void givesTheSameOrderAsTheQuadraticRuleOnRandomQueues(long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<FairShare.Queued> queue = new ArrayList<>();
        int size = 1 + random.nextInt(200);
        for (int i = 0; i < size; i++) {
            queue.add(new FairShare.Queued("l" + i, "t" + random.nextInt(6), 100 * random.nextInt(3),
                    T0.plusSeconds(random.nextInt(50)), BigDecimal.valueOf(random.nextInt(9), random.nextInt(3))));
        }
        Map<String, BigDecimal> held = new java.util.HashMap<>();
        for (int t = 0; t < 6; t++) {
            if (random.nextBoolean()) {
                held.put("t" + t, BigDecimal.valueOf(random.nextInt(5)));
            }
        }
        // whether a lease fits: fixed per lease, so both runs see the same answers
        java.util.Set<String> fitting = new java.util.HashSet<>();
        queue.forEach(q -> {
            if (random.nextInt(4) > 0) {
                fitting.add(q.leaseId());
            }
        });

        List<String> fast = ids(FairShare.offer(queue, held, q -> fitting.contains(q.leaseId())));

        assertThat(fast).containsExactlyElementsOf(reference(queue, held, q -> fitting.contains(q.leaseId())));
    }
}
