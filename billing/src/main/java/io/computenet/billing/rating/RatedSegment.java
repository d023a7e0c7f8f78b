package io.computenet.billing.rating;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;

/** The part of a lease's usage that falls into one billing period, with its metered seconds and amount. */
public record RatedSegment(YearMonth period, Instant start, Instant end, long seconds, BigDecimal amount) {
}
