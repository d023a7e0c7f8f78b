package io.computenet.billing.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Applies one Kafka record for a consumer: a transient failure is retried in place (the partition waits, its offset
 * is not committed, so a restart reads the record again) until it succeeds; a permanent one ({@link Failures}) is
 * counted in {@code computenet_billing_dead_lettered_total{channel}} and rethrown, and the channel's dead-letter
 * strategy moves the record to {@code computenet.dead-letter.v1} with the reason. Transient failures are counted in
 * {@code computenet_billing_delivery_retries_total{channel}}.
 */
@ApplicationScoped
public class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);

    @Inject
    MeterRegistry registry;

    /** Runs {@code apply} until it succeeds or fails permanently. */
    public void apply(String channel, String recordId, Runnable apply) {
        for (int attempt = 1; ; attempt++) {
            try {
                apply.run();
                return;
            } catch (RuntimeException e) {
                if (Failures.permanent(e)) {
                    registry.counter("computenet.billing.dead.lettered", "channel", channel).increment();
                    LOG.errorf("%s record %s can never be applied, dead-lettered: %s", channel, recordId,
                            e.getMessage());
                    throw e;
                }
                registry.counter("computenet.billing.delivery.retries", "channel", channel).increment();
                long waitMs = Failures.backoff(attempt).toMillis();
                LOG.warnf("%s record %s failed (%s), try %d again in %d ms", channel, recordId, e.getMessage(),
                        attempt + 1, waitMs);
                pause(waitMs);
            }
        }
    }

    /**
     * Waits before the next try. An interrupt (shutdown) does not end the retrying: giving up would dead-letter a
     * record that can still be applied; the process ends without committing its offset instead.
     */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
    }
}
