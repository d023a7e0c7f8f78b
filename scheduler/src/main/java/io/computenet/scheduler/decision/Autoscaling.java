package io.computenet.scheduler.decision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How many replicas an inference endpoint wants, purely: enough that each carries at most its target concurrency of
 * the requests in flight and waiting (as the gateway last reported them), between the endpoint's minimum and maximum;
 * never none while a request waits or one was seen within the idle period (so an endpoint with minimum 0 scales to
 * zero only after that long without requests).
 * <p>
 * The gateway reports every second while it has traffic and stops when it has none, so a load report older than
 * {@link #LOAD_STALE} counts as no load: the last report of a burst does not hold replicas for ever.
 * <p>
 * {@link #next} adds hysteresis so the endpoint does not flap: it scales out at once, but in only once the load has
 * wanted fewer replicas than it has for a whole scale-down delay (a burst within the delay keeps them); scaling to
 * zero needs no more delay than the idle period it already waited.
 */
public final class Autoscaling {

    /** A load report older than this is no longer the current load. */
    public static final Duration LOAD_STALE = Duration.ofSeconds(10);

    private Autoscaling() {
    }

    /**
     * An endpoint's scaling settings.
     *
     * @param targetConcurrency in-flight requests per replica before scaling out (at least 1)
     * @param idle              how long without requests before an endpoint with minimum 0 scales to zero
     */
    public record Policy(int minReplicas, int maxReplicas, int targetConcurrency, Duration idle) {
        public Policy {
            if (minReplicas < 0 || maxReplicas < Math.max(1, minReplicas) || targetConcurrency < 1) {
                throw new IllegalArgumentException("invalid scaling policy: min " + minReplicas + ", max "
                        + maxReplicas + ", target concurrency " + targetConcurrency);
            }
        }
    }

    /**
     * What the gateway last reported.
     *
     * @param reportedAt    when the last report arrived (the scheduler's clock), null when none has
     * @param lastRequestAt when a report last showed a request (served, in flight or waiting), null when never
     */
    public record Load(int inFlight, int waiting, Instant reportedAt, Instant lastRequestAt) {
        public static final Load NONE = new Load(0, 0, null, null);
    }

    /**
     * The replicas an endpoint holds as wanted and, while the load wants fewer, since when it has (null while it does
     * not).
     */
    public record Scale(int replicas, Instant lowSince) {
        public static final Scale NONE = new Scale(0, null);
    }

    /**
     * The replicas wanted after {@code current}: {@link #desired} at once when that is as many or more, or zero;
     * fewer only once the load has wanted fewer for {@code scaleDownDelay} without a break (then as many as the load
     * wants now); otherwise {@code current}'s, with the instant the load first wanted fewer.
     */
    public static Scale next(Policy policy, Load load, Scale current, Duration scaleDownDelay, Clock clock) {
        Instant now = clock.instant();
        int wanted = desired(policy, load, clock);
        if (wanted >= current.replicas() || wanted == 0) {
            return new Scale(wanted, null);
        }
        Instant lowSince = current.lowSince() == null || current.lowSince().isAfter(now) ? now : current.lowSince();
        if (!lowSince.plus(scaleDownDelay).isAfter(now)) {
            return new Scale(wanted, null);
        }
        return new Scale(current.replicas(), lowSince);
    }

    /** The replicas the load wants now, without hysteresis. */
    public static int desired(Policy policy, Load load, Clock clock) {
        Instant now = clock.instant();
        boolean fresh = load.reportedAt() != null && !load.reportedAt().plus(LOAD_STALE).isBefore(now);
        int inFlight = fresh ? Math.max(0, load.inFlight()) : 0;
        int waiting = fresh ? Math.max(0, load.waiting()) : 0;
        long demand = (long) inFlight + waiting;
        long byLoad = (demand + policy.targetConcurrency() - 1) / policy.targetConcurrency();
        int desired = (int) Math.min(policy.maxReplicas(), Math.max(policy.minReplicas(), byLoad));
        boolean recentlyUsed = load.lastRequestAt() != null && load.lastRequestAt().plus(policy.idle()).isAfter(now);
        if (waiting > 0 || recentlyUsed) {
            desired = Math.max(desired, 1);
        }
        return desired;
    }
}
