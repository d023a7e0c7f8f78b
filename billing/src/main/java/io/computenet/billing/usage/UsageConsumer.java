package io.computenet.billing.usage;

import io.computenet.billing.delivery.Deliveries;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.usage.UsageEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads usage samples from Kafka; a transient failure is retried until it passes, a record that does not decode is
 * dead-lettered with the reason ({@link Deliveries}), and a sample dated after its lease ended is refused and counted
 * ({@code computenet_billing_usage_refused_total{reason="lease-ended"}}).
 */
@ApplicationScoped
public class UsageConsumer {

    @Inject
    UsageSamples samples;
    @Inject
    Deliveries deliveries;
    @Inject
    MeterRegistry metrics;

    private static final Logger LOG = Logger.getLogger(UsageConsumer.class);

    @Incoming("usage")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        deliveries.apply("usage", record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> samples.store(EventCodec.decode(record.value(), UsageEvent.class)).ifPresent(why -> {
                    metrics.counter("computenet.billing.usage.refused", "reason", "lease-ended").increment();
                    LOG.warnf("refused usage sample (partition %d, offset %d): %s", record.partition(),
                            record.offset(), why);
                }));
    }
}
