package io.computenet.scheduler.lease;

import io.computenet.contracts.lease.LeaseState;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Decides, purely, what an operator's drain with a deadline does to a lease on the node, and checks the deadline an
 * operator asks for.
 * <ul>
 *   <li>Until the deadline nothing ends: the node takes no new leases (the capacity snapshot leaves it out), and the
 *       leases on it keep running.</li>
 *   <li>A lease whose booked end is at or before the deadline ends normally (it expires; the drain takes nothing
 *       from it).</li>
 *   <li>From the deadline on, every other lease still live on the node ends at the deadline exactly, however late the
 *       reconciler gets to it, so billing stops there: an interruptible lease as {@code PREEMPTED} (the risk it was
 *       priced for), an on-demand lease as {@code FAILED} (the platform did not deliver what was booked; it is the same
 *       state a revoked or failed node leaves, and billing charges both up to their end alike).</li>
 * </ul>
 */
public final class Drains {

    /** The longest notice an operator may give: a drain further ahead is a plan, not a drain. */
    public static final Duration MAX_NOTICE = Duration.ofDays(7);

    /** A node's drain: its node, the deadline and the operator who asked for it. */
    public record Drain(String nodeId, Instant deadline, String by) {
    }

    /** A lease ends in {@code state} at {@code at} for {@code reason}. */
    public record Ending(LeaseState state, Instant at, String reason) {
    }

    /** A drain request the scheduler refuses; {@code field} names the part of the request that is wrong. */
    public static final class InvalidDrain extends IllegalArgumentException {
        private final String field;

        InvalidDrain(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private Drains() {
    }

    /**
     * The deadline of a drain asked for with either an instant or a number of minutes from {@code now}, truncated to
     * microseconds (what PostgreSQL keeps, so the end time stored and published is the one the operator was told).
     *
     * @throws InvalidDrain when neither or both are given, or the deadline is not in the future or further ahead
     *                      than {@link #MAX_NOTICE}
     */
    public static Instant deadline(Instant deadline, Integer minutes, Instant now) {
        if (deadline == null && minutes == null) {
            throw new InvalidDrain("deadline", "give the drain's deadline (an ISO-8601 instant) or minutes from now");
        }
        if (deadline != null && minutes != null) {
            throw new InvalidDrain("minutes", "give either deadline or minutes, not both");
        }
        if (minutes != null) {
            if (minutes < 1 || minutes > MAX_NOTICE.toMinutes()) {
                throw new InvalidDrain("minutes", "must be between 1 and " + MAX_NOTICE.toMinutes() + " but was "
                        + minutes);
            }
            return now.plus(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.MICROS);
        }
        Instant at = deadline.truncatedTo(ChronoUnit.MICROS);
        if (!at.isAfter(now)) {
            throw new InvalidDrain("deadline", "must be in the future but was " + deadline + " (now " + now + ")");
        }
        if (at.isAfter(now.plus(MAX_NOTICE))) {
            throw new InvalidDrain("deadline", "must be at most " + MAX_NOTICE.toDays() + " days ahead but was "
                    + deadline);
        }
        return at;
    }

    /** Whether a lease with this drain deadline (null: its node is not draining) may have to end by now. */
    public static boolean due(Instant drainDeadline, Instant now) {
        return drainDeadline != null && !now.isBefore(drainDeadline);
    }

    /**
     * How a live lease on a draining node ends, if it ends by the drain at all.
     *
     * @param bookedEnd when the lease's booking ends ({@code endsAt}); null while it has not started
     */
    public static Optional<Ending> ending(Drain drain, boolean interruptible, Instant bookedEnd, Instant now) {
        if (drain == null || !due(drain.deadline(), now)) {
            return Optional.empty();
        }
        if (bookedEnd != null && !bookedEnd.isAfter(drain.deadline())) {
            return Optional.empty(); // it expires at its booked end, before the drain would end it
        }
        return Optional.of(new Ending(interruptible ? LeaseState.PREEMPTED : LeaseState.FAILED, drain.deadline(),
                reason(drain)));
    }

    /** The reason an ended lease carries. */
    public static String reason(Drain drain) {
        return "node drained by operator " + drain.by() + " at " + drain.deadline();
    }
}
