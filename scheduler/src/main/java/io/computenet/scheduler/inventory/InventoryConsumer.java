package io.computenet.scheduler.inventory;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.inventory.InventoryEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads node inventory from Kafka. A record that does not decode, or that the capacity model rejects, throws; the
 * channel's dead-letter strategy then moves it to {@code computenet.dead-letter.v1} with the reason and the consumer
 * goes on.
 */
@ApplicationScoped
public class InventoryConsumer {

    @Inject
    InventoryService inventory;

    @Incoming("inventory")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        InventoryEvent event = EventCodec.decode(record.value(), InventoryEvent.class);
        if (record.key() != null && !record.key().equals(event.nodeId())) {
            throw new InventoryService.RejectedInventoryException("record key " + record.key()
                    + " does not match nodeId " + event.nodeId());
        }
        inventory.apply(event);
    }
}
