package io.computenet.portal.offer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * An upstream answer kept for at most {@code maxAge}: every caller within that time gets the same answer, and the first
 * caller after it fetches it again (one fetch at a time; the others wait for it rather than fetch too). A zero
 * {@code maxAge} fetches every time. A failed fetch is not kept: the next caller tries again.
 */
public final class RecentAnswer<T> {

    private final Supplier<T> fetch;
    private final Duration maxAge;
    private final Clock clock;
    private volatile Kept<T> kept;

    private record Kept<T>(T value, Instant fetchedAt) {
    }

    public RecentAnswer(Supplier<T> fetch, Duration maxAge, Clock clock) {
        this.fetch = fetch;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public T get() {
        Kept<T> k = kept;
        if (fresh(k)) {
            return k.value();
        }
        synchronized (this) {
            k = kept;
            if (fresh(k)) {
                return k.value();
            }
            Instant asked = clock.instant();
            T value = fetch.get();
            kept = new Kept<>(value, asked);
            return value;
        }
    }

    private boolean fresh(Kept<T> k) {
        return k != null && clock.instant().isBefore(k.fetchedAt().plus(maxAge));
    }
}
