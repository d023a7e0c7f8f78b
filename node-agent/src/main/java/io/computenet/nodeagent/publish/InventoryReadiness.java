package io.computenet.nodeagent.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once Kafka has acknowledged the inventory of every node this agent publishes for. */
@Readiness
@ApplicationScoped
public class InventoryReadiness implements HealthCheck {

    @Inject
    InventoryPublisher publisher;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("inventory-published")
                .status(publisher.inventoryPublished())
                .withData("nodes", publisher.nodeCount())
                .withData("eventsSent", publisher.sent())
                .withData("sendFailures", publisher.failed())
                .build();
    }
}
