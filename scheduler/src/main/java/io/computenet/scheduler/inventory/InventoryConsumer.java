package io.computenet.scheduler.inventory;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.EventDecodingException;
import io.computenet.contracts.identity.RecordSignature;
import io.computenet.contracts.inventory.InventoryEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Reads node inventory from Kafka. A record that does not decode, that no enrolled node signed, or that the capacity
 * model rejects, is counted ({@code computenet_scheduler_inventory_rejected_total{reason}}) and thrown; the channel's
 * dead-letter strategy then moves it to {@code computenet.dead-letter.v1} with the reason and the consumer goes on.
 */
@ApplicationScoped
public class InventoryConsumer {

    private static final Logger LOG = Logger.getLogger(InventoryConsumer.class);

    @Inject
    InventoryService inventory;
    @Inject
    MeterRegistry metrics;

    @Incoming("inventory")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        InventoryEvent event;
        try {
            event = EventCodec.decode(record.value(), InventoryEvent.class);
        } catch (EventDecodingException e) {
            rejected("undecodable", record, e.getMessage());
            throw e;
        }
        try {
            inventory.apply(event, new InventoryService.SignedRecord(header(record, RecordSignature.NODE_HEADER),
                    header(record, RecordSignature.HEADER), record.key(), record.value()));
        } catch (InventoryService.RejectedInventoryException e) {
            rejected(e.reason(), record, e.getMessage());
            throw e;
        }
    }

    private void rejected(String reason, ConsumerRecord<String, String> record, String detail) {
        Counter.builder("computenet.scheduler.inventory.rejected")
                .description("inventory records rejected and dead-lettered, by reason")
                .tag("reason", reason).register(metrics).increment();
        LOG.warnf("rejected inventory record (key %s, partition %d, offset %d): %s", record.key(),
                record.partition(), record.offset(), detail);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
