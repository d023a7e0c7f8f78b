package io.computenet.scheduler.quota;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's leases as admission counts them. Declared here and implemented by the lease package, which owns the
 * lease rows, so that quotas do not depend on leases (leases depend on quotas).
 */
public interface HeldLeases {

    /**
     * The tenant's leases that may count in the calendar month of {@code now}: live ones, and those that ended this
     * month or later (read in the caller's transaction, under the allocation lock when admitting).
     */
    List<Admission.Held> heldInMonthOf(String tenantId, Instant now);
}
