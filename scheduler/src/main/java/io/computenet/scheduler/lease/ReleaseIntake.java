package io.computenet.scheduler.lease;

import io.computenet.problem.ProblemException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Where release requests come in: the releases that arrive while one release transaction runs go together in the
 * next one ({@link LeaseService#releaseAll}), one commit instead of one each (the commit was about a third of a
 * release's CPU). Each caller gets exactly the answer {@link LeaseService#release} would give it; a batch that fails
 * as a whole is retried one release at a time ({@link Batcher}), which is also what happens should PostgreSQL find
 * a batch in a deadlock. None is expected with allocations: a release locks its own leases and the devices they hold
 * whole, an allocation free devices and the devices it cuts slices from (a slice's release deletes its slice rows and
 * leaves the device row alone); only preemption locks leases another transaction may be releasing.
 * {@code computenet_scheduler_lease_release_batch_size} at {@code /q/metrics} shows the sizes.
 */
@ApplicationScoped
public class ReleaseIntake {

    /** Most releases in one transaction. */
    static final int MAX_BATCH = 64;

    @Inject
    LeaseService leases;
    @Inject
    MeterRegistry registry;

    private Batcher<LeaseService.Release, LeaseView> batcher;

    /** Releases the lease as {@link LeaseService#release} does; throws what it would throw. */
    public LeaseView release(String leaseId, String tenantId) {
        return batcher().submit(new LeaseService.Release(leaseId, tenantId));
    }

    private synchronized Batcher<LeaseService.Release, LeaseView> batcher() {
        if (batcher == null) {
            DistributionSummary sizes = DistributionSummary.builder("computenet.scheduler.lease.release.batch.size")
                    .description("lease releases done together in one transaction")
                    .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue((double) MAX_BATCH)
                    .register(registry);
            batcher = new Batcher<>("lease-releases", MAX_BATCH, releases -> leases.releaseAll(releases).stream()
                    .map(o -> new Batcher.Result<>(o.lease(), o.refused())).toList(),
                    r -> leases.release(r.leaseId(), r.tenantId()), sizes::record, ReleaseIntake::unavailable);
        }
        return batcher;
    }

    @PreDestroy
    void stop() {
        batcher().stop();
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "shutting-down", "Scheduler shutting down",
                "the scheduler is stopping; the lease was not released, release it again", List.of());
    }
}
