package io.computenet.scheduler;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * Pauses the periodic jobs (the reconciler's tick, the outbox relay, the model's upkeep) as soon as shutdown begins,
 * before the database and Kafka clients they use are closed under them; they used to go on ticking into closed
 * clients and log an error a second until the process ended. Every job is idempotent and the next instance (or this
 * one after a restart) picks up where it stopped.
 */
@ApplicationScoped
class PeriodicJobsShutdown {

    @Inject
    Scheduler scheduler;

    void pause(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        scheduler.pause();
    }
}
