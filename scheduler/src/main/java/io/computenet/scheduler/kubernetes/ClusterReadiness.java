package io.computenet.scheduler.kubernetes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Down while a region's Kubernetes API server refuses the scheduler's credentials (401/403, or a kubeconfig, token or
 * CA file that cannot be used): a configuration error that no retry mends, named with the region in the check's data.
 * A cluster that cannot be reached is shown but keeps the scheduler ready (its other regions still serve).
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {

    @Inject
    ClusterNodes nodes;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kubernetes-clusters").up();
        nodes.listings().forEach((region, listing) -> {
            if (listing.known()) {
                response.withData(region, listing.names().size() + " node(s)");
            } else {
                response.withData(region, listing.problem());
                if (listing.refused()) {
                    response.down();
                }
            }
        });
        return response.build();
    }
}
