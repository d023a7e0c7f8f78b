package io.computenet.scheduler.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a lease whose Pod cannot be created or read gives up, purely. A lease holds its devices and its tenant's budget
 * from the moment it is scheduled, so it may not wait for ever on a cluster that refuses it: a Pod the API server
 * rejects as invalid (400, 422) will never be accepted and fails the lease at once; anything else (401/403 until the
 * credentials or RBAC are mended, an unreachable server, a missing namespace) is tried again until the start timeout
 * has passed since the lease was scheduled, and then fails it with what went wrong.
 */
public final class PodStart {

    private PodStart() {
    }

    /** Whether the start timeout of a lease scheduled at {@code scheduledAt} has passed. */
    public static boolean timedOut(Instant scheduledAt, Duration timeout, Instant now) {
        return scheduledAt.plus(timeout).isBefore(now);
    }

    /**
     * The reason to fail the lease with now, or empty to try again later.
     *
     * @param status  the API server's HTTP status, 0 when there was no answer
     * @param problem what went wrong, naming the region
     */
    public static Optional<String> giveUp(Instant scheduledAt, Duration timeout, Instant now, int status,
                                          String problem) {
        if (status == 400 || status == 422) {
            return Optional.of("workload cannot be created: " + problem);
        }
        if (timedOut(scheduledAt, timeout, now)) {
            return Optional.of("workload could not be created within " + timeout.toSeconds() + " s: " + problem);
        }
        return Optional.empty();
    }
}
