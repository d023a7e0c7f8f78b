package io.computenet.scheduler.quota;

import io.computenet.contracts.inventory.Vendor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Admission control, pure: may a tenant start (or queue) a lease, given its monthly GPU-hour budget, its device
 * quotas and the leases it already has? GPU-hours are device-hours within the calendar month (UTC): ended leases
 * count what they ran in the month, live leases count their whole booked time in the month (committed), and the new
 * lease counts its booked time in the month. A budget therefore cannot be overrun by leases running to their end.
 * A slice counts its share of a device: a request placed at once counts the share of the slice it gets, one that
 * has to wait counts whole devices (its slice is not chosen yet), erring on the side of the budget. Device quotas
 * count a slice as one device.
 */
public final class Admission {

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private Admission() {
    }

    /** A tenant's monthly budget in device-hours. */
    public record Budget(BigDecimal monthlyGpuHours) {
        public Budget {
            Objects.requireNonNull(monthlyGpuHours, "monthlyGpuHours");
            if (monthlyGpuHours.signum() < 0) {
                throw new IllegalArgumentException("monthlyGpuHours must not be negative");
            }
        }
    }

    /**
     * At most {@code maxDevices} devices held at once, in {@code region} (null = any) of {@code vendor} (null = any).
     */
    public record Quota(String region, Vendor vendor, int maxDevices) {
        public Quota {
            if (maxDevices < 0) {
                throw new IllegalArgumentException("maxDevices must not be negative");
            }
        }

        boolean covers(String leaseRegion, Vendor leaseVendor) {
            return (region == null || region.equals(leaseRegion)) && (vendor == null || vendor == leaseVendor);
        }

        String scope() {
            return (region == null ? "all regions" : region) + (vendor == null ? "" : ", " + vendor);
        }
    }

    /**
     * One of the tenant's leases as admission sees it.
     *
     * @param start  when it started (or, not yet started, when it was requested: its booking starts now)
     * @param end    when it ended, or for a live lease when its booking ends
     * @param live   not ended: it holds (or will hold) its devices
     * @param region the region it runs in, or for a queued lease the region it asked for (null = any)
     * @param vendor likewise
     * @param share  the fraction of each device it holds (a slice); its GPU-hours are device-hours times this
     */
    public record Held(int devices, Instant start, Instant end, boolean live, String region, Vendor vendor,
                       BigDecimal share) {
        public Held {
            share = share == null ? BigDecimal.ONE : share;
        }

        /** A lease of whole devices. */
        public Held(int devices, Instant start, Instant end, boolean live, String region, Vendor vendor) {
            this(devices, start, end, live, region, vendor, BigDecimal.ONE);
        }
    }

    /**
     * What the tenant asks for now; region and vendor may be null (any).
     *
     * @param share the fraction of each device it will hold: its slice's share once placed, 1 for whole devices or
     *              while its slice is not chosen yet
     */
    public record Ask(int devices, Duration duration, String region, Vendor vendor, BigDecimal share) {
        public Ask {
            share = share == null ? BigDecimal.ONE : share;
        }

        /** An ask for whole devices. */
        public Ask(int devices, Duration duration, String region, Vendor vendor) {
            this(devices, duration, region, vendor, BigDecimal.ONE);
        }
    }

    /** The outcome, and for finance and the user the budget figures of the month. */
    public record Decision(boolean admitted, List<String> reasons, BigDecimal usedGpuHours,
                           BigDecimal committedGpuHours) {
    }

    /**
     * A tenant's limits and what it holds. Without a budget or a quota nothing is checked, so {@code held} may then be
     * left empty unread (a busy tenant's leases are many rows).
     */
    public record Limits(Optional<Budget> budget, List<Quota> quotas, List<Held> held) {
        /** No budget, no quota: everything is admitted. */
        public static final Limits NONE = new Limits(Optional.empty(), List.of(), List.of());

        public Limits {
            Objects.requireNonNull(budget, "budget");
            quotas = List.copyOf(quotas);
            held = List.copyOf(held);
        }

        /** Whether there is anything to check. */
        public boolean any() {
            return budget.isPresent() || !quotas.isEmpty();
        }
    }

    /** {@link #admit(Ask, Instant, Optional, List, List)} against the limits; without any, admitted unread. */
    public static Decision admit(Ask ask, Instant now, Limits limits) {
        if (!limits.any()) {
            return new Decision(true, List.of(), BigDecimal.ZERO, BigDecimal.ZERO);
        }
        return admit(ask, now, limits.budget(), limits.quotas(), limits.held());
    }

    /** Device-hours of the tenant's leases within {@code month}, split into ended (used) and live (committed). */
    public static BigDecimal[] usage(List<Held> held, YearMonth month) {
        BigDecimal used = BigDecimal.ZERO;
        BigDecimal committed = BigDecimal.ZERO;
        for (Held h : held) {
            BigDecimal hours = deviceHoursIn(h.devices(), h.start(), h.end(), month).multiply(h.share());
            if (h.live()) {
                committed = committed.add(hours);
            } else {
                used = used.add(hours);
            }
        }
        return new BigDecimal[] {used.setScale(2, RoundingMode.HALF_UP), committed.setScale(2, RoundingMode.HALF_UP)};
    }

    public static Decision admit(Ask ask, Instant now, Optional<Budget> budget, List<Quota> quotas, List<Held> held) {
        YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        BigDecimal[] usage = usage(held, month);
        List<String> reasons = new ArrayList<>();
        if (budget.isPresent()) {
            BigDecimal asked = deviceHoursIn(ask.devices(), now, now.plus(ask.duration()), month)
                    .multiply(ask.share()).setScale(2, RoundingMode.HALF_UP);
            BigDecimal after = usage[0].add(usage[1]).add(asked);
            if (after.compareTo(budget.get().monthlyGpuHours()) > 0) {
                reasons.add("tenant budget would be exceeded: " + usage[0].toPlainString() + " GPU-hours used and "
                        + usage[1].toPlainString() + " committed of " + budget.get().monthlyGpuHours().toPlainString()
                        + " in " + month + "; this lease needs " + asked.toPlainString());
            }
        }
        for (Quota q : quotas) {
            if (!appliesTo(q, ask)) {
                continue;
            }
            int inUse = held.stream().filter(Held::live).filter(h -> q.covers(h.region(), h.vendor()))
                    .mapToInt(Held::devices).sum();
            if (inUse + ask.devices() > q.maxDevices()) {
                reasons.add("tenant quota for " + q.scope() + " would be exceeded: " + inUse + " device(s) held of "
                        + q.maxDevices() + "; this lease needs " + ask.devices());
            }
        }
        return new Decision(reasons.isEmpty(), reasons, usage[0], usage[1]);
    }

    /**
     * A quota applies when the lease could land in its scope: a request with no region (or vendor) might land in any,
     * so a region (or vendor) quota applies to it too (conservative: it may be refused for a scope it would not use).
     */
    static boolean appliesTo(Quota q, Ask ask) {
        boolean regionMatches = q.region() == null || ask.region() == null || q.region().equals(ask.region());
        boolean vendorMatches = q.vendor() == null || ask.vendor() == null || q.vendor() == ask.vendor();
        return regionMatches && vendorMatches;
    }

    static BigDecimal deviceHoursIn(int devices, Instant start, Instant end, YearMonth month) {
        Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant a = start.isAfter(from) ? start : from;
        Instant b = end.isBefore(to) ? end : to;
        if (!b.isAfter(a)) {
            return BigDecimal.ZERO;
        }
        BigDecimal seconds = BigDecimal.valueOf(Duration.between(a, b).toMillis()).movePointLeft(3);
        return seconds.multiply(BigDecimal.valueOf(devices)).divide(SECONDS_PER_HOUR, 6, RoundingMode.HALF_UP);
    }
}
