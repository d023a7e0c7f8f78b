package io.computenet.scheduler.decision;

import io.computenet.contracts.api.endpoint.EndpointState;
import io.computenet.contracts.lease.LeaseState;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An inference endpoint's state and the reasons for it, purely, from its replicas:
 * <ul>
 *   <li>{@code DELETED} once deleted;</li>
 *   <li>{@code READY} while at least one replica is ready;</li>
 *   <li>{@code SCALED_TO_ZERO} when it wants no replica and has none live;</li>
 *   <li>{@code FAILED} when its replicas cannot be placed (the last replica request was refused, or every live replica
 *   waits in the queue: the reasons are the refusal or the queued leases' pending reasons) or keep failing
 *   ({@link #FAILURES_TO_GIVE_UP} replica leases failed within {@link #FAILURE_WINDOW}, none ready: their reasons);</li>
 *   <li>{@code DEPLOYING} otherwise (replicas placed, starting, or not yet ready).</li>
 * </ul>
 */
public final class EndpointStatus {

    public static final Duration FAILURE_WINDOW = Duration.ofMinutes(10);
    public static final int FAILURES_TO_GIVE_UP = 3;


    /**
     * A replica lease as the status sees it.
     *
     * @param pendingReasons why a queued lease waits
     * @param reason         why an ended lease ended
     */
    public record Replica(LeaseState state, boolean ready, List<String> pendingReasons, String reason,
                          Instant endedAt) {
    }

    public record Status(EndpointState state, List<String> reasons) {
    }

    private EndpointStatus() {
    }

    /**
     * @param refusal why the last replica request was refused (lines), null when it was not
     */
    public static Status of(boolean deleted, int desired, List<Replica> replicas, String refusal, Instant now) {
        if (deleted) {
            return new Status(EndpointState.DELETED, List.of());
        }
        List<Replica> live = replicas.stream().filter(r -> !r.state().isTerminal()).toList();
        if (live.stream().anyMatch(Replica::ready)) {
            return new Status(EndpointState.READY, List.of());
        }
        if (desired == 0 && live.isEmpty()) {
            return new Status(EndpointState.SCALED_TO_ZERO, List.of());
        }
        if (refusal != null && !refusal.isBlank()) {
            return new Status(EndpointState.FAILED, List.of(refusal.split("\n")));
        }
        if (!live.isEmpty() && live.stream().allMatch(r -> r.state() == LeaseState.QUEUED)) {
            Set<String> reasons = new LinkedHashSet<>();
            live.forEach(r -> reasons.addAll(r.pendingReasons()));
            return new Status(EndpointState.FAILED, List.copyOf(reasons));
        }
        List<Replica> failedLately = replicas.stream().filter(r -> r.state() == LeaseState.FAILED
                && r.endedAt() != null && r.endedAt().plus(FAILURE_WINDOW).isAfter(now)).toList();
        if (failedLately.size() >= FAILURES_TO_GIVE_UP) {
            Set<String> reasons = new LinkedHashSet<>();
            failedLately.forEach(r -> reasons.add(r.reason() == null ? "replica failed" : r.reason()));
            return new Status(EndpointState.FAILED, List.copyOf(reasons));
        }
        return new Status(EndpointState.DEPLOYING, List.of());
    }
}
