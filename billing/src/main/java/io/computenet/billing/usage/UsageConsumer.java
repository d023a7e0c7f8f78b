package io.computenet.billing.usage;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.usage.UsageEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads usage samples from Kafka; a record that does not decode is dead-lettered with the reason. */
@ApplicationScoped
public class UsageConsumer {

    @Inject
    UsageSamples samples;

    @Incoming("usage")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        samples.store(EventCodec.decode(record.value(), UsageEvent.class));
    }
}
