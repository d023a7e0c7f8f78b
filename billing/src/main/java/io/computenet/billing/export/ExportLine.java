package io.computenet.billing.export;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of a billing export: one lease's usage in one period at one price. {@code deviceShare} is the fraction of
 * each device a slice held (1 for whole devices); {@code slice} names it ({@code MIG 3g.40gb}, {@code SOFT}), empty
 * for whole devices; {@code interruptible} says the lease ran at the interruptible price (FOCUS PricingCategory
 * Dynamic).
 */
public record ExportLine(String period, String tenantId, String leaseId, String operatorId, String region,
                         String vendor, String deviceModel, int deviceCount, Instant usageStart, Instant usageEnd,
                         long seconds, BigDecimal unitPricePerDeviceHour, String currency, BigDecimal amount,
                         BigDecimal deviceShare, String slice, boolean interruptible) {
}
