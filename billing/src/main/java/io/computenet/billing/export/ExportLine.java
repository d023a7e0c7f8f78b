package io.computenet.billing.export;

import java.math.BigDecimal;
import java.time.Instant;

/** One row of a billing export: one lease's usage in one period. */
public record ExportLine(String period, String tenantId, String leaseId, String operatorId, String region,
                         String vendor, String deviceModel, int deviceCount, Instant usageStart, Instant usageEnd,
                         long seconds, BigDecimal unitPricePerDeviceHour, String currency, BigDecimal amount) {
}
