package io.computenet.scheduler.quote;

import io.computenet.problem.ProblemException;

import java.time.Instant;
import java.util.List;

/** Why a quote cannot be booked: each its own problem type. */
public final class QuoteProblems {

    private QuoteProblems() {
    }

    /** No such quote for this tenant (another tenant's quote is not found either: its existence is not told). */
    public static class NotFound extends ProblemException {
        public NotFound(String quoteId) {
            super(404, "quote-not-found", "Quote not found", "quote " + quoteId + " does not exist for this tenant",
                    List.of());
        }
    }

    /** The quote's hold has ended: ask for new quotes. */
    public static class Expired extends ProblemException {
        public Expired(String quoteId, Instant validUntil) {
            super(410, "quote-expired", "Quote expired", "quote " + quoteId + " was valid until " + validUntil
                    + "; ask for new quotes", List.of("validUntil: " + validUntil));
        }
    }

    /** A quote is booked once. */
    public static class Booked extends ProblemException {
        public Booked(String quoteId, String leaseId) {
            super(409, "quote-booked", "Quote already booked", "quote " + quoteId + " was booked by lease " + leaseId,
                    List.of());
        }
    }

    /** The quote's option is not free now and the lease may not wait (or could never fit it): reasons name it. */
    public static class Unavailable extends ProblemException {
        public Unavailable(String quoteId, List<String> reasons) {
            super(409, "quote-unavailable", "Quoted option not free", "the option of quote " + quoteId
                    + " is not free now and the request may not wait (maxWaitMinutes 0) or could never fit it",
                    reasons);
        }
    }
}
