package io.computenet.pricing.funds;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The low-funds decisions for a prepaid tenant, pure: whether its funds are exhausted (and since when), whether a new
 * lease or a renewal may be admitted, which running leases to end now, and which alert thresholds a change crossed.
 * <ul>
 *   <li>Exhausted: no positive balance and no voucher with something left that has not expired, whatever its scope.
 *   Since: the later of when the state was reported and the expiry of the last voucher that still had money left.</li>
 *   <li>A tenant without a funds state is not prepaid (postpaid): never refused, never stopped.</li>
 *   <li>Running on-demand leases are ended once the funds have been exhausted for the grace period; interruptible
 *   leases at once (they are priced and placed to be ended).</li>
 * </ul>
 */
public final class FundsGate {

    private FundsGate() {
    }

    /** A tenant's funds as last reported, and when. */
    public record Reported(Funds funds, Instant reportedAt) {
    }

    /** A running lease of the tenant, as far as the stop needs it. */
    public record RunningLease(String leaseId, boolean interruptible) {
    }

    /** When the tenant's funds became exhausted; empty while something is left at {@code now}. */
    public static Optional<Instant> exhaustedSince(Reported reported, Instant now) {
        Funds funds = reported.funds();
        if (funds.balance().signum() > 0) {
            return Optional.empty();
        }
        Instant since = reported.reportedAt();
        for (Voucher v : funds.vouchers()) {
            if (v.remaining().signum() <= 0) {
                continue;
            }
            if (now.isBefore(v.expiresAt())) {
                return Optional.empty();
            }
            since = v.expiresAt().isAfter(since) ? v.expiresAt() : since;
        }
        return Optional.of(since.isAfter(now) ? now : since);
    }

    /** Whether a new lease or a renewal is admitted: not prepaid, or funds left. */
    public static boolean admits(Optional<Reported> reported, Instant now) {
        return reported.map(r -> exhaustedSince(r, now).isEmpty()).orElse(true);
    }

    /** The leases to end now: on-demand ones once {@code grace} has passed since exhaustion, interruptible at once. */
    public static List<String> leasesToEnd(Optional<Reported> reported, List<RunningLease> running, Duration grace,
                                           Instant now) {
        Optional<Instant> since = reported.flatMap(r -> exhaustedSince(r, now));
        if (since.isEmpty()) {
            return List.of();
        }
        boolean graceOver = !now.isBefore(since.get().plus(grace));
        List<String> end = new ArrayList<>();
        for (RunningLease lease : running) {
            if (lease.interruptible() || graceOver) {
                end.add(lease.leaseId());
            }
        }
        return end;
    }

    /** When the grace of funds exhausted at {@code since} ends. */
    public static Instant graceEnds(Instant since, Duration grace) {
        return since.plus(grace);
    }

    /**
     * The lowest of the thresholds that what is available fell to or below with this change (it was above before),
     * e.g. thresholds 100, 10 and 0 with 120 before and 5 after: 10.
     */
    public static Optional<BigDecimal> crossed(BigDecimal before, BigDecimal after, List<BigDecimal> thresholds) {
        return thresholds.stream().filter(t -> before.compareTo(t) > 0 && after.compareTo(t) <= 0)
                .min(BigDecimal::compareTo);
    }

    /** What is available to spend anywhere at {@code at}: the positive balance plus unexpired vouchers' rest. */
    public static BigDecimal availableAnywhere(Funds funds, Instant at) {
        BigDecimal sum = funds.balance().max(BigDecimal.ZERO);
        for (Voucher v : funds.vouchers()) {
            if (v.remaining().signum() > 0 && at.isBefore(v.expiresAt())) {
                sum = sum.add(v.remaining());
            }
        }
        return sum;
    }
}
