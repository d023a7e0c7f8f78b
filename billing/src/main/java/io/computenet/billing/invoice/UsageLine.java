package io.computenet.billing.invoice;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;

/**
 * One rated stretch of a lease inside one billing period (a charge line as metering wrote it), with what the invoice
 * and the payout need to know about its lease: the input of the invoice and payout cores.
 *
 * @param period        the UTC month the stretch lies in
 * @param sliceKind     MIG, VNPU, SMLU or SOFT for a slice, null for whole devices
 * @param seconds       billed seconds of the stretch
 * @param amount        its rated amount, already rounded to the currency's minor unit
 */
public record UsageLine(String tenantId, String leaseId, YearMonth period, String operatorId, String region,
                        String deviceModel, int deviceCount, BigDecimal share, String sliceKind, String sliceProfile,
                        boolean interruptible, Instant start, Instant end, long seconds,
                        BigDecimal pricePerDeviceHour, String currency, BigDecimal amount) {

    public UsageLine {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(amount, "amount");
    }

    /** The slice as people read it: {@code MIG 1g.10gb}, {@code SOFT}, or {@code whole device}. */
    public String sliceLabel() {
        if (sliceKind == null || sliceKind.isBlank()) {
            return "whole device";
        }
        return sliceProfile == null || sliceProfile.isBlank() ? sliceKind : sliceKind + " " + sliceProfile;
    }
}
