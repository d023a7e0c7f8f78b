package io.computenet.billing.usage;

import io.computenet.billing.delivery.Deliveries;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.usage.UsageEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads usage samples from Kafka; a transient failure is retried until it passes, a record that does not decode is
 * dead-lettered with the reason ({@link Deliveries}).
 */
@ApplicationScoped
public class UsageConsumer {

    @Inject
    UsageSamples samples;
    @Inject
    Deliveries deliveries;

    @Incoming("usage")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        deliveries.apply("usage", record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> samples.store(EventCodec.decode(record.value(), UsageEvent.class)));
    }
}
