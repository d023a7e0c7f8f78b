package io.computenet.billing.metering;

import io.computenet.billing.delivery.Deliveries;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.lease.LeaseEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads lease events from Kafka. A transient failure (the database down) is retried until it passes; a record that can
 * never be applied (does not decode, breaks the event's rules) throws, and the channel's dead-letter strategy moves it
 * to {@code computenet.dead-letter.v1} with the reason and the consumer goes on ({@link Deliveries}).
 */
@ApplicationScoped
public class LeaseEventConsumer {

    @Inject
    MeteringService metering;
    @Inject
    Deliveries deliveries;

    @Incoming("lease-events")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        deliveries.apply("lease-events", record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> metering.apply(EventCodec.decode(record.value(), LeaseEvent.class)));
    }
}
