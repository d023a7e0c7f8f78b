package io.computenet.billing.inference;

import io.computenet.billing.delivery.Deliveries;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.inference.EndpointUsageEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads inference endpoints' requests and tokens ({@code computenet.endpoint-usage.v1}, written only by the scheduler:
 * see {@code KafkaAccess}). A transient failure is retried until it passes; a record that does not decode or breaks
 * the event's rules is dead-lettered with the reason ({@link Deliveries}); a redelivered event is counted once.
 * Metric: {@code computenet_billing_endpoint_usage_total{outcome="stored|duplicate"}}.
 */
@ApplicationScoped
public class EndpointUsageConsumer {

    @Inject
    EndpointUsageLedger ledger;
    @Inject
    Deliveries deliveries;
    @Inject
    MeterRegistry metrics;

    @Incoming("endpoint-usage")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        deliveries.apply("endpoint-usage", record.topic() + "-" + record.partition() + "@" + record.offset(), () -> {
            boolean stored = ledger.store(EventCodec.decode(record.value(), EndpointUsageEvent.class));
            metrics.counter("computenet.billing.endpoint.usage", "outcome", stored ? "stored" : "duplicate")
                    .increment();
        });
    }
}
