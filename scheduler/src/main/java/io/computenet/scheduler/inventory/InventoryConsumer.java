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
import io.computenet.scheduler.identity.DeviceMismatches;
import io.computenet.scheduler.identity.RecordCheck;
import io.computenet.scheduler.messaging.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads node inventory from Kafka, a poll's worth of records at a time: they are applied in one transaction
 * ({@link InventoryBatch}), which at 1,000 nodes (100 heartbeats a second) costs a fraction of one transaction per
 * record. A record that does not decode, that no enrolled node signed, or that the capacity model rejects, is counted
 * ({@code computenet_scheduler_inventory_rejected_total{reason}}) and moved to {@code computenet.dead-letter.v1} with
 * the reason ({@link DeadLetters}) while the rest of its batch is applied; one that reports enrolled devices as other
 * hardware is also recorded for the operator's node view ({@link DeviceMismatches}). When the batch fails as a whole (e.g. a
 * deadlock), its records are applied one transaction each, and one that fails on its own is dead-lettered with its
 * error (reason {@code error}). Offsets are committed only after all of this returned.
 */
@ApplicationScoped
public class InventoryConsumer {

    private static final Logger LOG = Logger.getLogger(InventoryConsumer.class);

    @Inject
    InventoryBatch batch;
    @Inject
    InventoryService inventory;
    @Inject
    DeadLetters deadLetters;
    @Inject
    MeterRegistry metrics;
    @Inject
    DeviceMismatches mismatches;

    @Incoming("inventory")
    @Blocking(ordered = true)
    public void consume(ConsumerRecords<String, String> records) throws InterruptedException {
        List<ConsumerRecord<String, String>> decoded = new ArrayList<>(records.count());
        List<InventoryBatch.Item> items = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                items.add(new InventoryBatch.Item(EventCodec.decode(record.value(), InventoryEvent.class),
                        signed(record)));
                decoded.add(record);
            } catch (EventDecodingException e) {
                deadLetter("undecodable", record, e);
            }
        }
        if (items.isEmpty()) {
            return;
        }
        List<InventoryBatch.Outcome> outcomes;
        try {
            outcomes = batch.apply(items);
        } catch (RuntimeException e) {
            LOG.warnf("a batch of %d inventory records failed as a whole (%s); applying them one by one",
                    items.size(), e.toString());
            oneByOne(decoded, items);
            return;
        }
        for (int i = 0; i < outcomes.size(); i++) {
            InventoryBatch.Outcome outcome = outcomes.get(i);
            if (outcome.rejected()) {
                shownToOperator(outcome.rejectionReason(), items.get(i).event());
                deadLetter(outcome.rejectionReason(), decoded.get(i), new InventoryService.RejectedInventoryException(
                        outcome.rejectionReason(), outcome.detail()));
            }
        }
    }

    private void oneByOne(List<ConsumerRecord<String, String>> records, List<InventoryBatch.Item> items)
            throws InterruptedException {
        for (int i = 0; i < items.size(); i++) {
            try {
                inventory.apply(items.get(i).event(), items.get(i).record());
            } catch (InventoryService.RejectedInventoryException e) {
                shownToOperator(e.reason(), items.get(i).event());
                deadLetter(e.reason(), records.get(i), e);
            } catch (RuntimeException e) {
                deadLetter("error", records.get(i), e);
            }
        }
    }

    /** A node reporting enrolled devices as other hardware is shown to its operator, beside the refusal. */
    private void shownToOperator(String reason, InventoryEvent event) {
        if (RecordCheck.Rejection.DEVICE_CHANGED.slug().equals(reason)) {
            mismatches.record(event);
        }
    }

    private void deadLetter(String reason, ConsumerRecord<String, String> record, RuntimeException e)
            throws InterruptedException {
        rejected(reason, record, e.getMessage());
        deadLetters.send(record, e);
    }

    private static InventoryService.SignedRecord signed(ConsumerRecord<String, String> record) {
        return new InventoryService.SignedRecord(header(record, RecordSignature.NODE_HEADER),
                header(record, RecordSignature.HEADER), record.key(), record.value());
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
