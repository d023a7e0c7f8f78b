package io.computenet.portal.gateway;

import io.computenet.portal.gateway.core.TrafficLedger;
import io.computenet.contracts.api.endpoint.TrafficReport;
import io.computenet.portal.upstream.EndpointRoutesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the gateway's {@link TrafficLedger} to the scheduler every {@code cn.gateway.report-interval} while there is
 * traffic, and at once when a request starts waiting for a replica (the autoscaler's cue to scale from zero). A report
 * that fails is sent again, under the same id, before any newer traffic.
 */
@ApplicationScoped
public class TrafficReporter {

    private static final Logger LOG = Logger.getLogger(TrafficReporter.class);

    @Inject
    Vertx vertx;
    @Inject
    @RestClient
    EndpointRoutesClient scheduler;
    @Inject
    GatewayConfig config;

    private final TrafficLedger ledger = new TrafficLedger(Clock.systemUTC(), UUID::randomUUID);
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean sendAgain = new AtomicBoolean();
    private volatile boolean failing;
    private long timer = -1;

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(config.reportInterval().toMillis(), id -> sendNow());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timer);
        sendNow(); // best effort: the last window's counters
    }

    public TrafficLedger ledger() {
        return ledger;
    }

    /** Sends the pending report now (or right after the one under way). */
    public void sendNow() {
        if (!sending.compareAndSet(false, true)) {
            sendAgain.set(true);
            return;
        }
        sendAgain.set(false);
        TrafficReport report = ledger.next().orElse(null);
        if (report == null) {
            sending.set(false);
            return;
        }
        scheduler.report(report).subscribe().with(done -> {
            ledger.delivered(report.reportId());
            if (failing) {
                LOG.info("traffic reports reach the scheduler again");
                failing = false;
            }
            sent();
        }, failure -> {
            if (!failing) {
                LOG.warnf("cannot send traffic report %s to the scheduler (kept, sent again): %s",
                        report.reportId(), failure.getMessage());
                failing = true;
            }
            sending.set(false);
            sendAgain.set(false);
        });
    }

    private void sent() {
        sending.set(false);
        if (sendAgain.getAndSet(false)) {
            sendNow();
        }
    }
}
