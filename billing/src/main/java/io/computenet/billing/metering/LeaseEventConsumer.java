package io.computenet.billing.metering;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.lease.LeaseEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads lease events from Kafka. A record that does not decode throws; the channel's dead-letter strategy moves it
 * to {@code computenet.dead-letter.v1} with the reason and the consumer goes on.
 */
@ApplicationScoped
public class LeaseEventConsumer {

    @Inject
    MeteringService metering;

    @Incoming("lease-events")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        metering.apply(EventCodec.decode(record.value(), LeaseEvent.class));
    }
}
