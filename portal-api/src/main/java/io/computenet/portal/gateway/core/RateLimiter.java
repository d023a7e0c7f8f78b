package io.computenet.portal.gateway.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Each endpoint's request rate limit, {@code rateLimitPerMinute}, as a token bucket: it holds up to a minute's
 * worth of requests and refills at the limit's pace, so a client may burst up to the limit and then goes at the
 * limit's rate. A refused request learns in whole seconds when the next one will be admitted ({@code Retry-After}).
 * Time comes from the {@link Clock}; safe for the gateway's event-loop threads.
 */
public final class RateLimiter {

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final Clock clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Takes one request from the endpoint's bucket, or says how long to wait when it is empty. */
    public synchronized Decision tryAcquire(String endpointId, int perMinute) {
        if (perMinute <= 0) {
            return new Decision(false, 60);
        }
        // exact integer arithmetic: a request costs NANOS_PER_MINUTE units, the bucket refills perMinute units a
        // nanosecond and holds perMinute requests
        long capacity = perMinute * NANOS_PER_MINUTE;
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(endpointId, id -> new Bucket(capacity, now));
        long elapsed = Math.max(0, Duration.between(bucket.at, now).toNanos());
        long refill = elapsed > capacity / perMinute ? capacity : elapsed * perMinute;
        bucket.level = Math.min(capacity, bucket.level + refill);
        bucket.at = now;
        if (bucket.level >= NANOS_PER_MINUTE) {
            bucket.level -= NANOS_PER_MINUTE;
            return Decision.ALLOWED;
        }
        long waitNanos = (NANOS_PER_MINUTE - bucket.level + perMinute - 1) / perMinute;
        return new Decision(false, Math.max(1, (waitNanos + 999_999_999) / 1_000_000_000));
    }

    /** Forgets the buckets of endpoints that no longer exist. */
    public synchronized void retain(Set<String> endpointIds) {
        buckets.keySet().retainAll(endpointIds);
    }

    /** Admitted, or refused with the seconds after which a retry will be admitted. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    private static final class Bucket {
        long level;
        Instant at;

        Bucket(long level, Instant at) {
            this.level = level;
            this.at = at;
        }
    }
}
