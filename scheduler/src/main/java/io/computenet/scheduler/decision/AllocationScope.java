package io.computenet.scheduler.decision;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one allocation transaction must hold, and the one order every transaction takes it in.
 *
 * <p>An allocation (a lease request or a batch of them, the queue pass, due bookings, a drain) locks the tenants whose
 * limits it checks (quotas, GPU-hour budget, funds: tenant-wide, so two regions allocating for one tenant at once
 * could otherwise both pass) and the regions it can place in (a request with a region, or a quote's, locks that
 * one; one without locks every region of the fleet). Each is a transaction-scoped PostgreSQL advisory lock whose key
 * is a 16-bit namespace ({@link #TENANT} below {@link #REGION}) over a 48-bit FNV-1a hash of the name. The locks are
 * taken in ascending key order, so all tenant locks come before all region locks and each group is sorted: every
 * transaction of every instance follows that one total order and none waits for a lock held by one that waits for
 * it (no deadlock). Two names whose hashes meet share a lock: that only serialises them, it is never unsafe.
 *
 * @param tenants the tenants whose limits the transaction checks or whose leases it places
 * @param regions the regions it may place in or take back capacity from
 */
public record AllocationScope(SortedSet<String> tenants, SortedSet<String> regions) {

    /** Namespace of tenant keys (taken first). */
    static final long TENANT = 0x0001L;
    /** Namespace of region keys (taken after every tenant). */
    static final long REGION = 0x0002L;
    private static final long HASH_BITS = 0xFFFF_FFFF_FFFFL;

    public AllocationScope {
        tenants = new TreeSet<>(tenants);
        regions = new TreeSet<>(regions);
    }

    public static AllocationScope of(Collection<String> tenants, Collection<String> regions) {
        return new AllocationScope(new TreeSet<>(tenants), new TreeSet<>(regions));
    }

    /** A region alone (a drain: it takes capacity back and checks no tenant's limits). */
    public static AllocationScope region(String region) {
        return of(Set.of(), Set.of(region));
    }

    /**
     * The regions a request may be placed in: its own (or its quote's) when it names one, else every region of the
     * fleet.
     */
    public static Set<String> regionsFor(String requestedRegion, Collection<String> fleetRegions) {
        return requestedRegion == null ? new TreeSet<>(fleetRegions) : Set.of(requestedRegion);
    }

    /** This scope and that one together (a batch of requests). */
    public AllocationScope with(AllocationScope other) {
        TreeSet<String> t = new TreeSet<>(tenants);
        t.addAll(other.tenants);
        TreeSet<String> r = new TreeSet<>(regions);
        r.addAll(other.regions);
        return new AllocationScope(t, r);
    }

    /** Whether this scope holds everything {@code other} needs. */
    public boolean covers(AllocationScope other) {
        return tenants.containsAll(other.tenants) && regions.containsAll(other.regions);
    }

    /** The advisory lock keys in the order they must be taken: ascending, each once. */
    public List<Long> keys() {
        TreeSet<Long> keys = new TreeSet<>();
        tenants.forEach(t -> keys.add(key(TENANT, t)));
        regions.forEach(r -> keys.add(key(REGION, r)));
        return List.copyOf(keys);
    }

    /** The lock key of a region (what a test holds to stand for a region's allocation transaction). */
    public static long regionKey(String region) {
        return key(REGION, region);
    }

    /** The lock key of a tenant. */
    public static long tenantKey(String tenant) {
        return key(TENANT, tenant);
    }

    private static long key(long namespace, String name) {
        long hash = 0xcbf2_9ce4_8422_2325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x0000_0100_0000_01b3L;
        }
        return namespace << 48 | hash & HASH_BITS;
    }
}
