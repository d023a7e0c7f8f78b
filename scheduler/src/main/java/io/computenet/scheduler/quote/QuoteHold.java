package io.computenet.scheduler.quote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The hold of a quote, purely: until when its price holds, and whether a tenant may book it now. A quote is the
 * tenant's own (another tenant's is not found, so its existence is not told), booked at most once, and bookable
 * while the clock is before its {@code validUntil}.
 */
public final class QuoteHold {

    /** What the hold depends on of a stored quote; {@code bookedLeaseId} null while it is not booked. */
    public record Quote(String quoteId, String tenantId, Instant validUntil, String bookedLeaseId) {
        public Quote {
            Objects.requireNonNull(quoteId, "quoteId");
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(validUntil, "validUntil");
        }
    }

    private QuoteHold() {
    }

    /** Until when a quote made now holds its price. */
    public static Instant validUntil(Clock clock, Duration hold) {
        if (hold.isNegative() || hold.isZero()) {
            throw new IllegalArgumentException("a quote's hold must be positive, was " + hold);
        }
        return clock.instant().plus(hold);
    }

    /**
     * Checks that {@code tenantId} may book the quote now; throws the problem that says why not: not found (none, or
     * another tenant's), booked before, or expired (with its {@code validUntil}).
     */
    public static void checkBookable(Quote quote, String quoteId, String tenantId, Clock clock) {
        if (quote == null || !quote.tenantId().equals(tenantId)) {
            throw new QuoteProblems.NotFound(quoteId);
        }
        if (quote.bookedLeaseId() != null) {
            throw new QuoteProblems.Booked(quote.quoteId(), quote.bookedLeaseId());
        }
        if (!clock.instant().isBefore(quote.validUntil())) {
            throw new QuoteProblems.Expired(quote.quoteId(), quote.validUntil());
        }
    }
}
