package io.computenet.billing.payout;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/** An operator's payout statement for one period and currency: the sums of its lines. */
public record PayoutDraft(String operatorId, YearMonth period, String currency, Instant issuedAt,
                          List<PayoutLine> lines, BigDecimal gross, BigDecimal fee, BigDecimal net) {

    public PayoutDraft {
        lines = List.copyOf(lines);
    }
}
