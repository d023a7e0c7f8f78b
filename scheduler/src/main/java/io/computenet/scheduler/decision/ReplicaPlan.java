package io.computenet.scheduler.decision;

import io.computenet.contracts.lease.LeaseState;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What to do with an inference endpoint's replica leases so that as many are live as it wants, purely: request the
 * missing ones (a replica whose lease ended, with its node or otherwise, is no longer live and so is replaced),
 * release the surplus (those not ready first, then the newest, so the replicas serving longest stay), and renew the
 * running ones before their booked time runs out (a live replica never expires while its endpoint wants it). After a
 * replica request was refused, no new one is requested for {@link #RETRY_AFTER} (the refusal shows on the endpoint).
 */
public final class ReplicaPlan {

    /** How long each replica lease is booked for, and each renewal adds. */
    public static final Duration REPLICA_TERM = Duration.ofHours(1);
    /** A running replica is renewed once less than this of its booking is left. */
    public static final Duration RENEW_AHEAD = Duration.ofMinutes(30);
    /** After a refused replica request, the next one waits this long. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private ReplicaPlan() {
    }

    /**
     * One replica lease as the plan sees it.
     *
     * @param endsAt when its booking ends (null before it runs)
     */
    public record Replica(String leaseId, LeaseState state, boolean ready, Instant requestedAt, Instant endsAt) {

        /** Not ended: queued, placed, starting or running. */
        public boolean live() {
            return !state.isTerminal();
        }
    }

    /**
     * @param toRequest how many new replica leases to request
     * @param toRelease the replica leases to release, in order
     * @param toRenew   the running replica leases to renew now
     */
    public record Plan(int toRequest, List<String> toRelease, List<String> toRenew) {
    }

    /**
     * @param desired   the replicas the endpoint wants (0 when it is deleted)
     * @param replicas  its replica leases (ended ones are ignored)
     * @param refusedAt when a replica request was last refused, null when the last one was not
     */
    public static Plan plan(int desired, List<Replica> replicas, Instant refusedAt, Instant now) {
        List<Replica> live = replicas.stream().filter(Replica::live).toList();
        int surplus = live.size() - desired;
        List<String> release = surplus <= 0 ? List.of() : live.stream()
                .sorted(Comparator.comparing(Replica::ready)
                        .thenComparing(Replica::requestedAt, Comparator.reverseOrder())
                        .thenComparing(Replica::leaseId))
                .limit(surplus).map(Replica::leaseId).toList();
        boolean backingOff = refusedAt != null && refusedAt.plus(RETRY_AFTER).isAfter(now);
        int request = surplus >= 0 || backingOff ? 0 : -surplus;
        List<String> renew = live.stream()
                .filter(r -> r.state() == LeaseState.RUNNING && r.endsAt() != null && !release.contains(r.leaseId())
                        && !r.endsAt().minus(RENEW_AHEAD).isAfter(now))
                .map(Replica::leaseId).toList();
        return new Plan(request, release, renew);
    }
}
