package io.computenet.billing.usage;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether billing keeps a verified usage sample. Pure: a sample dated after the end of its lease (the end the
 * scheduler announced in {@code lease.ended}, by its own clock) describes no time anyone is billed for, and is refused.
 * (The scheduler already refuses every sample it receives after a lease ended, whatever its date.)
 */
public final class SampleAdmission {

    private SampleAdmission() {
    }

    /**
     * @param sampledAt    the sample's time
     * @param leaseEndedAt when its lease ended, or null while it runs (or billing has not heard of it yet)
     * @return why the sample is refused, or empty when it is kept
     */
    public static Optional<String> refusal(String leaseId, Instant sampledAt, Instant leaseEndedAt) {
        if (leaseEndedAt != null && sampledAt.isAfter(leaseEndedAt)) {
            return Optional.of("lease " + leaseId + " ended at " + leaseEndedAt + " but the sample is dated "
                    + sampledAt);
        }
        return Optional.empty();
    }
}
