package io.computenet.scheduler;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** The clock the scheduler reads time from, replaceable in tests. */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @ApplicationScoped
    Clock clock() {
        // PostgreSQL keeps microseconds: a finer clock would make stored and returned instants differ
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1000));
    }
}
