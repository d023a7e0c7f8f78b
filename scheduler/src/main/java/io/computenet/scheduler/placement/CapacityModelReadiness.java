package io.computenet.scheduler.placement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the capacity model has been read whole: before that, plans would wait for the read. */
@Readiness
@ApplicationScoped
public class CapacityModelReadiness implements HealthCheck {

    @Inject
    CapacitySnapshots snapshots;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("capacity-model").status(snapshots.loaded())
                .withData("fullReads", snapshots.fullLoads()).build();
    }
}
