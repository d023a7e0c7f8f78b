package io.computenet.billing.usage;

import io.computenet.billing.delivery.Deliveries;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.usage.UsageEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads usage samples from Kafka a poll at a time and stores them in one transaction ({@link UsageSamples#storeAll});
 * when that fails, one at a time: a transient failure is retried until it passes, a record that does not decode is
 * dead-lettered with the reason ({@link Deliveries#applyBatch}). A sample dated after its lease ended is refused and
 * counted ({@code computenet_billing_usage_refused_total{reason="lease-ended"}}).
 */
@ApplicationScoped
public class UsageConsumer {

    static final String CHANNEL = "usage";

    @Inject
    UsageSamples samples;
    @Inject
    Deliveries deliveries;
    @Inject
    MeterRegistry metrics;

    private static final Logger LOG = Logger.getLogger(UsageConsumer.class);

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void consume(ConsumerRecords<String, String> records) {
        List<ConsumerRecord<String, String>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        deliveries.applyBatch(CHANNEL, list, value -> EventCodec.decode(value, UsageEvent.class),
                events -> samples.storeAll(events).forEach(this::refused),
                event -> samples.store(event).ifPresent(this::refused));
    }

    private void refused(String why) {
        metrics.counter("computenet.billing.usage.refused", "reason", "lease-ended").increment();
        LOG.warnf("refused usage sample: %s", why);
    }
}
