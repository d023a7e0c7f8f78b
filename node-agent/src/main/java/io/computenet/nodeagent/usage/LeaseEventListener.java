package io.computenet.nodeagent.usage;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.nodeagent.publish.InventoryPublisher;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows the lease events so the agent knows which of its devices serve which lease. A record that does not decode
 * is dead-lettered with the reason by the channel's failure strategy.
 */
@ApplicationScoped
public class LeaseEventListener {

    @Inject
    InventoryPublisher publisher;

    @Incoming("lease-events")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        publisher.activeLeases().apply(EventCodec.decode(record.value(), LeaseEvent.class));
    }
}
