package io.computenet.nodeagent.usage;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.lease.LeaseAssignment;
import io.computenet.nodeagent.publish.InventoryPublisher;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows the lease assignments ({@code computenet.lease-assignments.v1}, the only lease records an agent may read)
 * so the agent knows which of its devices serve which lease. A record that does not decode is logged and skipped by
 * the channel's failure strategy (agents may write no dead letters).
 */
@ApplicationScoped
public class LeaseAssignmentListener {

    @Inject
    InventoryPublisher publisher;

    @Incoming("lease-assignments")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        publisher.activeLeases().apply(EventCodec.decode(record.value(), LeaseAssignment.class));
    }
}
