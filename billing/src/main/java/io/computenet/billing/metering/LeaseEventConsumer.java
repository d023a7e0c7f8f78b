package io.computenet.billing.metering;

import io.computenet.billing.delivery.Deliveries;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.lease.LeaseEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads lease events from Kafka a poll at a time (at most {@code max.poll.records}, 500) and applies them in one
 * transaction ({@link MeteringService#applyAll}): one commit per poll instead of one per event. When the batch fails
 * as a whole, its events are applied one transaction each: a transient failure (the database down) is retried until it
 * passes, a record that can never be applied (does not decode, breaks the event's rules) goes to
 * {@code computenet.dead-letter.v1} with the reason and the others are applied ({@link Deliveries#applyBatch}). The
 * poll's offsets are committed only after this returns; a record applied twice (a redelivery after a crash) changes
 * nothing, as every event id is applied once.
 */
@ApplicationScoped
public class LeaseEventConsumer {

    static final String CHANNEL = "lease-events";

    @Inject
    MeteringService metering;
    @Inject
    Deliveries deliveries;

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void consume(ConsumerRecords<String, String> records) {
        List<ConsumerRecord<String, String>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        apply(list);
    }

    /** Applies the records of one poll, in order; returns when each is applied or dead-lettered. */
    public void apply(List<ConsumerRecord<String, String>> records) {
        deliveries.applyBatch(CHANNEL, records, value -> EventCodec.decode(value, LeaseEvent.class),
                metering::applyAll, metering::apply);
    }
}
