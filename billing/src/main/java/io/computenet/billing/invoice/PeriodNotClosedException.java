package io.computenet.billing.invoice;

import java.time.Instant;
import java.time.YearMonth;

/** Invoices and payout statements are issued only for a month that is over. */
public class PeriodNotClosedException extends RuntimeException {

    private final YearMonth period;

    public PeriodNotClosedException(YearMonth period, Instant endsAt) {
        super("period " + period + " is not closed yet: it ends at " + endsAt);
        this.period = period;
    }

    public YearMonth period() {
        return period;
    }
}
