package io.computenet.billing.invoice;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * One line of an invoice. Usage and correction lines name their lease, the period the usage lay in, the operator whose
 * nodes ran it and the slice; credit lines their reference; the tax line its rate. Amounts are in the invoice's
 * currency at its minor unit; credits are negative.
 *
 * @param unitPrice the price per device-hour when the lease ran at one price in the period, else null
 */
public record InvoiceLine(int lineNo, LineKind kind, String leaseId, YearMonth usagePeriod, String operatorId,
                          String region, String deviceModel, String slice, int deviceCount, long seconds,
                          BigDecimal unitPrice, String reference, String description, BigDecimal amount) {
}
