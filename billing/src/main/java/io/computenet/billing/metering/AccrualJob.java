package io.computenet.billing.metering;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps every running lease's charge current: each {@code computenet.billing.accrual-interval} (default 30 s, at most
 * a minute) rates each running lease up to now, one transaction per lease (so one lease's trouble does not hold the
 * others). Rating replaces the lease's lines, so a re-run charges nothing twice. Afterwards it counts the charges
 * with unpriced seconds into the gauge {@code computenet_billing_charges_unpriced} (alert on it above zero).
 */
@ApplicationScoped
public class AccrualJob {

    private static final Logger LOG = Logger.getLogger(AccrualJob.class);

    @Inject
    MeteringService metering;

    private final AtomicLong unpriced = new AtomicLong();

    @Inject
    void registerGauge(MeterRegistry registry) {
        registry.gauge("computenet.billing.charges.unpriced", unpriced);
    }

    @Scheduled(every = "${computenet.billing.accrual-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void accrueRunningLeases() {
        int accrued = 0;
        for (String leaseId : metering.running()) {
            try {
                accrued += metering.accrue(leaseId) ? 1 : 0;
            } catch (RuntimeException e) {
                // the next run tries again; the lease's lines stay as the last run left them
                LOG.warnf(e, "could not accrue lease %s", leaseId);
            }
        }
        unpriced.set(metering.countUnpriced());
        LOG.debugf("accrued %d running lease(s)", accrued);
    }
}
