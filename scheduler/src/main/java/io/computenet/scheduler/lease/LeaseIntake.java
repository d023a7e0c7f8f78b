package io.computenet.scheduler.lease;

import io.computenet.problem.ProblemException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Where lease requests come in: requests that start now are created in batches. While one allocation transaction
 * runs, the requests arriving meanwhile wait here; then one thread creates them all in one transaction
 * ({@link LeaseService#requestAll}): one hold of the allocation lock, one refresh of the capacity model, one commit,
 * instead of one each. Each request still gets exactly the answer it would get alone (its lease, or its own refusal),
 * in arrival order, each planned on what the ones before it took. A batch that fails for any other reason (a database
 * error, a bug) is rolled back and its requests are tried one by one, so one bad request cannot fail the others.
 * Advance bookings ({@code startAt}) go straight to {@link LeaseService#request}.
 * <p>
 * With one request at a time this adds nothing but a hand-over between two threads; under concurrent requests the
 * allocation lock, the refresh and the commit are paid once per batch ({@code computenet_scheduler_lease_batch_size}
 * at {@code /q/metrics} shows the sizes).
 */
@ApplicationScoped
public class LeaseIntake {

    /** Most requests created in one transaction: bounds how long the last of a batch waits for the first. */
    static final int MAX_BATCH = 64;

    @Inject
    LeaseService leases;
    @Inject
    MeterRegistry registry;

    private Batcher<LeaseRequest, LeaseView> batcher;

    /** Creates the lease as {@link LeaseService#request} does; throws what it would throw. */
    public LeaseView request(LeaseRequest request) {
        if (request.startAt() != null) {
            return leases.request(request);
        }
        return batcher().submit(request);
    }

    private synchronized Batcher<LeaseRequest, LeaseView> batcher() {
        if (batcher == null) {
            DistributionSummary sizes = DistributionSummary.builder("computenet.scheduler.lease.batch.size")
                    .description("lease requests created together in one allocation transaction")
                    .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue((double) MAX_BATCH)
                    .register(registry);
            batcher = new Batcher<>("lease-intake", MAX_BATCH, requests -> leases.requestAll(requests).stream()
                    .map(o -> new Batcher.Result<>(o.lease(), o.refused())).toList(), leases::request,
                    sizes::record, LeaseIntake::unavailable);
        }
        return batcher;
    }

    /** Requests waiting for the next batch (for tests). */
    int waitingCount() {
        return batcher().waitingCount();
    }

    @PreDestroy
    void stop() {
        batcher().stop();
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "shutting-down", "Scheduler shutting down",
                "the scheduler is stopping; the lease was not created, request it again", List.of());
    }
}
