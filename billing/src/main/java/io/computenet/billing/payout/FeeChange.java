package io.computenet.billing.payout;

import java.math.BigDecimal;
import java.time.Instant;

/** An operator's platform fee from an instant on (admins' changes never rewrite usage before them). */
public record FeeChange(Instant from, BigDecimal percent) {
}
