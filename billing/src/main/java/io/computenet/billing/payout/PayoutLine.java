package io.computenet.billing.payout;

import io.computenet.billing.invoice.LineKind;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * One line of a payout statement: a lease the operator's nodes ran in the period ({@link LineKind#USAGE}) or a late
 * change to one of an earlier period ({@link LineKind#CORRECTION}); {@code gross} is what the tenant was charged for
 * it, {@code fee} the platform's part at {@code feePercent}, {@code net = gross - fee} the operator's.
 */
public record PayoutLine(int lineNo, LineKind kind, String leaseId, String tenantId, YearMonth usagePeriod,
                         String deviceModel, String slice, long seconds, BigDecimal gross, BigDecimal feePercent,
                         BigDecimal fee, BigDecimal net) {
}
