package io.computenet.billing.invoice;

import java.time.Instant;
import java.time.YearMonth;

/**
 * Fired (synchronously, inside the issuing transaction) when a month's invoices have been issued, so that documents
 * issued from the same usage (operators' payout statements) are issued in the same run and transaction.
 */
public record PeriodIssued(YearMonth period, Instant issuedAt) {
}
