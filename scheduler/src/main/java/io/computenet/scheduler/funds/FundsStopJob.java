package io.computenet.scheduler.funds;

import io.computenet.contracts.lease.LeaseState;
import io.computenet.pricing.funds.FundsGate;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.lease.LeaseEntity;
import io.computenet.scheduler.lease.LeaseService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The low-balance stop: each {@code computenet.scheduler.funds.check-interval} (10 s) it asks the pure
 * {@link FundsGate} which live leases of each prepaid tenant whose funds are exhausted must end now (on-demand ones
 * once {@code computenet.scheduler.funds.grace} (15 min) has passed, interruptible ones at once) and ends them as
 * {@code EXPIRED} at this instant through {@link LeaseService#endLease}: billing stops there (the lease's end event)
 * and the reconciler deletes the Pod.
 */
@ApplicationScoped
public class FundsStopJob {

    private static final Logger LOG = Logger.getLogger(FundsStopJob.class);
    static final String REASON = "prepaid funds exhausted";

    @Inject
    TenantFunds funds;
    @Inject
    LeaseService leases;
    @Inject
    Clock clock;
    @Inject
    SchedulerConfig config;

    @Scheduled(every = "${computenet.scheduler.funds.check-interval:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        endExhausted();
    }

    /** Ends what must end now; returns the leases it ended. */
    public List<String> endExhausted() {
        Instant now = clock.instant();
        List<String> ended = new java.util.ArrayList<>();
        for (Map.Entry<String, FundsGate.Reported> tenant : funds.all().entrySet()) {
            Optional<FundsGate.Reported> reported = Optional.of(tenant.getValue());
            if (FundsGate.exhaustedSince(tenant.getValue(), now).isEmpty()) {
                continue;
            }
            List<FundsGate.RunningLease> live = QuarkusTransaction.requiringNew().call(() -> LeaseEntity
                    .<LeaseEntity>list("tenantId = ?1 and state in " + LeaseEntity.LIVE_STATES, tenant.getKey())
                    .stream().map(l -> new FundsGate.RunningLease(l.leaseId, l.interruptible)).toList());
            for (String leaseId : FundsGate.leasesToEnd(reported, live, config.funds().grace(), now)) {
                try {
                    leases.endLease(leaseId, LeaseState.EXPIRED, now, REASON);
                    ended.add(leaseId);
                    LOG.infof("ended lease %s of tenant %s: %s", leaseId, tenant.getKey(), REASON);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "could not end lease %s of tenant %s (next run tries again)", leaseId,
                            tenant.getKey());
                }
            }
        }
        return ended;
    }
}
