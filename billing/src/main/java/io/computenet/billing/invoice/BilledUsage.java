package io.computenet.billing.invoice;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * What documents already issued billed for one lease in one usage period (its usage line plus every correction since):
 * the baseline a late change is measured against.
 */
public record BilledUsage(String leaseId, YearMonth period, String operatorId, String currency, long seconds,
                          BigDecimal amount) {
}
