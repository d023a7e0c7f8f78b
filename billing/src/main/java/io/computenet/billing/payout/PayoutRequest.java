package io.computenet.billing.payout;

import io.computenet.billing.invoice.BilledUsage;
import io.computenet.billing.invoice.UsageLine;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * Everything the payout core needs for one operator and one closed period.
 *
 * @param usage             the rated usage lines of the period on the operator's nodes
 * @param earlierUsage      the operator's rated usage lines, as they are now, of earlier periods already issued
 * @param paid              what earlier statements paid out per lease and period (usage and corrections)
 * @param fees              the operator's platform fee changes, any order
 * @param defaultFeePercent the fee before the operator's first change (none set)
 */
public record PayoutRequest(String operatorId, YearMonth period, List<UsageLine> usage, List<UsageLine> earlierUsage,
                            List<BilledUsage> paid, List<FeeChange> fees, BigDecimal defaultFeePercent) {

    public PayoutRequest {
        Objects.requireNonNull(operatorId, "operatorId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(defaultFeePercent, "defaultFeePercent");
        usage = List.copyOf(usage);
        earlierUsage = List.copyOf(earlierUsage);
        paid = List.copyOf(paid);
        fees = List.copyOf(fees);
        for (UsageLine u : usage) {
            if (!u.period().equals(period) || !operatorId.equals(u.operatorId())) {
                throw new IllegalArgumentException("usage line of lease " + u.leaseId() + " is not on " + operatorId
                        + "'s nodes in " + period);
            }
        }
    }
}
