package io.computenet.scheduler.lease;

import io.computenet.scheduler.decision.AllocationScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Serialises allocation per region and per tenant, across scheduler instances: transaction-scoped PostgreSQL advisory
 * locks, taken by every transaction that hands out or takes back capacity (requests, the queue pass, bookings,
 * drains) and held until it ends.
 *
 * <p><b>Lock order</b> (the same in every transaction of every instance, so none deadlocks): first the tenants whose
 * limits the transaction checks or whose leases it places, sorted by key; then the regions it can place in or take
 * back from, sorted by key; all taken at the start of the transaction, none later. A request locks its tenant and its
 * region (or its quote's); one without a region locks every region of the fleet. The keys and their order are
 * {@link AllocationScope#keys()}. Allocations in different regions for different tenants thus run at the same time;
 * two for the same tenant still run one after the other, so its quotas, budget and funds stay exact.
 *
 * <p>The devices themselves are marked only where still free ({@code lease_id is null}, under row locks), so even a
 * region that appears (a node of a new region enrolled) after a request without a region read the fleet's regions
 * cannot be handed out twice.
 */
@ApplicationScoped
public class AllocationLock {

    @Inject
    EntityManager em;
    @Inject
    AllocationTimers timers;

    /** Takes the scope's locks, in the global order, for the rest of the caller's transaction. */
    public void lock(AllocationScope scope) {
        List<Long> keys = scope.keys();
        em.unwrap(org.hibernate.Session.class).doWork(c -> {
            try (var s = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
                for (long key : keys) {
                    s.setLong(1, key);
                    s.executeQuery().close();
                }
            }
        });
    }

    /** Takes the scope's locks, timing the wait and how long the transaction then holds them. */
    void lock(AllocationScope scope, AllocationTimers.Path path) {
        String region = AllocationTimers.regionTag(scope.regions());
        timers.lockWait(path, region).record(() -> lock(scope));
        timers.heldUntilTransactionEnds(path, region);
    }

    /** Every region of the enrolled fleet: what a request without a region may be placed in. */
    public Set<String> fleetRegions() {
        @SuppressWarnings("unchecked")
        List<String> regions = em.createNativeQuery("select distinct region from nodes").getResultList();
        return new TreeSet<>(regions);
    }

    /** The region of an enrolled node that has reported, if it has. */
    public java.util.Optional<String> regionOf(String nodeId) {
        @SuppressWarnings("unchecked")
        List<String> regions = em.createNativeQuery("select region from nodes where node_id = ?1")
                .setParameter(1, nodeId).getResultList();
        return regions.stream().findFirst();
    }

    /**
     * The tenant and the regions a request may be placed in (its own region, else every region of the fleet, as
     * {@code fleetRegions} gives them: a batch reads them once).
     */
    AllocationScope scopeOf(String tenantId, String region, java.util.function.Supplier<Set<String>> fleetRegions) {
        return AllocationScope.of(Set.of(tenantId), AllocationScope.regionsFor(region,
                region == null ? fleetRegions.get() : Set.of()));
    }

    /**
     * The locks a pass over waiting leases takes: their tenants, their requested regions, and every region of the
     * fleet when one of them may go anywhere.
     *
     * @param tenantsAndRegions each waiting lease's tenant and requested region (null: any), read before locking
     */
    Waiting waiting(List<Object[]> tenantsAndRegions) {
        Set<String> tenants = new TreeSet<>();
        Set<String> regions = new TreeSet<>();
        boolean anyRegion = false;
        for (Object[] row : tenantsAndRegions) {
            tenants.add((String) row[0]);
            if (row[1] == null) {
                anyRegion = true;
            } else {
                regions.add((String) row[1]);
            }
        }
        if (anyRegion) {
            regions.addAll(fleetRegions());
        }
        return new Waiting(AllocationScope.of(tenants, regions), anyRegion);
    }

    /**
     * What a pass over waiting leases locked. A lease it finds once locked that the locks do not cover (queued or
     * due in between, for another tenant or region) is left to the next pass.
     */
    record Waiting(AllocationScope scope, boolean anyRegion) {

        boolean covers(LeaseEntity lease) {
            return scope.tenants().contains(lease.tenantId) && (lease.requestedRegion == null ? anyRegion
                    : scope.regions().contains(lease.requestedRegion));
        }
    }
}
