package io.computenet.pricing.rating;

import io.computenet.pricing.PriceQuery;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A lease's billable interval and what it held: {@code deviceCount} devices of what {@code query} names, {@code share}
 * of each (1 for whole devices). Billable time starts when the workload's Pod ran ({@code lease.started}'s
 * {@code startedAt}) and ends at the end, failure, preemption or drain deadline the scheduler observed.
 */
public record BillableUsage(PriceQuery query, int deviceCount, BigDecimal share, Instant start, Instant end) {

    public BillableUsage {
        Objects.requireNonNull(query, "query");
        if (deviceCount <= 0) {
            throw new IllegalArgumentException("deviceCount: must be positive but was " + deviceCount);
        }
        share = share == null ? BigDecimal.ONE : share;
        if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("share: must be within (0, 1] but was " + share);
        }
        if (start == null || end == null || end.isBefore(start)) {
            throw new IllegalArgumentException("a billable interval needs a start not after its end: " + start
                    + " .. " + end);
        }
    }

    /**
     * The usage of a lease from its start to {@code until}, or none when it never started (a Pod that never ran is
     * never billed). An end before the start (clocks apart) bills nothing rather than a negative interval.
     */
    public static Optional<BillableUsage> of(PriceQuery query, int deviceCount, BigDecimal share, Instant startedAt,
                                             Instant until) {
        if (startedAt == null || until == null) {
            return Optional.empty();
        }
        return Optional.of(new BillableUsage(query, deviceCount, share, startedAt,
                until.isBefore(startedAt) ? startedAt : until));
    }
}
