package io.computenet.scheduler.usage;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.EventDecodingException;
import io.computenet.contracts.Topics;
import io.computenet.contracts.identity.RecordSignature;
import io.computenet.contracts.usage.UsageEvent;
import io.computenet.scheduler.identity.EnrollmentService;
import io.computenet.scheduler.identity.RecordCheck;
import io.computenet.scheduler.lease.LeaseEntity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import io.computenet.scheduler.identity.EnrolledNode;
import io.computenet.scheduler.messaging.DeadLetters;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.hibernate.Session;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.HashSet;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks the node agents' usage samples ({@code computenet.usage.v1}) before anyone uses them: signed by the enrolled,
 * unrevoked node they name, for one of its enrolled devices that the sample's lease runs on, while that lease has not
 * ended by the scheduler's clock ({@link RecordCheck}).
 * Accepted samples are forwarded unchanged, keyed by lease id, to {@code computenet.usage.verified.v1}, which billing
 * reads; the node credentials stay here. Rejected ones are counted
 * ({@code computenet_scheduler_usage_rejected_total{reason}}) and moved to {@code computenet.dead-letter.v1} with the
 * reason ({@link DeadLetters}).
 * <p>
 * A poll's samples are handled together: their signers and leases are read with one statement each, the accepted
 * ones are all sent before any acknowledgement is awaited, and the poll's offsets are committed only once every
 * sample is forwarded or dead-lettered: delivery is at least once, and billing keeps one sample per event id. (Before,
 * each sample was checked in a transaction of its own and waited for its acknowledgement before the next was read: a
 * Kafka round trip and a transaction per sample, with a fully leased fleet of 1,000 nodes reporting several hundred
 * samples a second.)
 */
@ApplicationScoped
public class UsageVerifier {

    private static final Logger LOG = Logger.getLogger(UsageVerifier.class);

    @Inject
    EnrollmentService enrollment;
    @Inject
    EntityManager em;
    @Inject
    Producer<String, String> producer;
    @Inject
    DeadLetters deadLetters;
    @Inject
    MeterRegistry metrics;
    @Inject
    java.time.Clock clock;

    @Incoming("usage")
    @Blocking(ordered = true)
    public void consume(ConsumerRecords<String, String> records) throws InterruptedException {
        List<ConsumerRecord<String, String>> decoded = new ArrayList<>(records.count());
        List<UsageEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                events.add(EventCodec.decode(record.value(), UsageEvent.class));
                decoded.add(record);
            } catch (EventDecodingException e) {
                deadLetter("undecodable", record, e);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        List<RecordCheck.Verdict> verdicts = QuarkusTransaction.requiringNew().call(() -> check(decoded, events));
        List<ConsumerRecord<String, String>> accepted = new ArrayList<>(events.size());
        List<UsageEvent> acceptedEvents = new ArrayList<>(events.size());
        for (int i = 0; i < verdicts.size(); i++) {
            RecordCheck.Verdict verdict = verdicts.get(i);
            if (verdict.accepted()) {
                accepted.add(decoded.get(i));
                acceptedEvents.add(events.get(i));
            } else {
                deadLetter(verdict.rejection().slug(), decoded.get(i), new RejectedUsageException(verdict.detail()));
            }
        }
        forward(accepted, acceptedEvents);
    }

    private List<RecordCheck.Verdict> check(List<ConsumerRecord<String, String>> records, List<UsageEvent> events) {
        Set<String> signers = new HashSet<>();
        records.forEach(r -> {
            String signer = header(r, RecordSignature.NODE_HEADER);
            if (signer != null) {
                signers.add(signer);
            }
        });
        Map<String, EnrolledNode> nodes = enrollment.lookupAll(signers);
        Set<String> leaseIds = new HashSet<>();
        events.forEach(e -> leaseIds.add(e.leaseId()));
        Map<String, RecordCheck.LeasePlacement> placements = placements(leaseIds);
        var credentials = enrollment.credentialsOfBatch();
        java.time.Instant now = clock.instant();
        List<RecordCheck.Verdict> verdicts = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            ConsumerRecord<String, String> record = records.get(i);
            UsageEvent event = events.get(i);
            String signer = header(record, RecordSignature.NODE_HEADER);
            verdicts.add(RecordCheck.checkUsage(signer, header(record, RecordSignature.HEADER), record.value(), event,
                    Optional.ofNullable(signer == null ? null : nodes.get(signer)),
                    credentials, Optional.ofNullable(placements.get(event.leaseId())), now));
        }
        return verdicts;
    }

    /** Where these leases run (leases not placed, or unknown, are absent). */
    private Map<String, RecordCheck.LeasePlacement> placements(Set<String> leaseIds) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            Map<String, RecordCheck.LeasePlacement> found = new HashMap<>();
            java.sql.Array ids = c.createArrayOf("varchar", leaseIds.toArray());
            try (PreparedStatement s = c.prepareStatement("select lease_id, node_id, device_keys, ended_at from leases"
                    + " where lease_id = any(?) and node_id is not null")) {
                s.setArray(1, ids);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        java.time.OffsetDateTime ended = r.getObject(4, java.time.OffsetDateTime.class);
                        found.put(r.getString(1), new RecordCheck.LeasePlacement(r.getString(2),
                                new HashSet<>(LeaseEntity.deviceKeyList(r.getString(3))),
                                ended == null ? null : ended.toInstant()));
                    }
                }
            } finally {
                ids.free();
            }
            return found;
        });
    }

    /**
     * Sends every sample, then waits for every acknowledgement; what Kafka did not take is sent again a second later,
     * holding this partition, rather than dead-lettered: the samples are fine even when Kafka is not.
     */
    private void forward(List<ConsumerRecord<String, String>> records, List<UsageEvent> events)
            throws InterruptedException {
        List<Integer> unsent = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            unsent.add(i);
        }
        while (!unsent.isEmpty()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(unsent.size());
            for (int i : unsent) {
                try {
                    sent.add(producer.send(new ProducerRecord<>(Topics.USAGE_VERIFIED, events.get(i).key(),
                            records.get(i).value())));
                } catch (KafkaException e) {
                    sent.add(CompletableFuture.failedFuture(e));
                }
            }
            List<Integer> failed = new ArrayList<>();
            String problem = null;
            for (int j = 0; j < sent.size(); j++) {
                try {
                    sent.get(j).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    failed.add(unsent.get(j));
                    problem = e.getMessage();
                }
            }
            if (!failed.isEmpty()) {
                LOG.warnf("cannot forward %d of %d usage samples yet, retrying: %s", failed.size(), unsent.size(),
                        problem);
                Thread.sleep(1000);
            }
            unsent = failed;
        }
    }

    private void deadLetter(String reason, ConsumerRecord<String, String> record, RuntimeException e)
            throws InterruptedException {
        rejected(reason, record, e.getMessage());
        deadLetters.send(record, e);
    }

    private void rejected(String reason, ConsumerRecord<String, String> record, String detail) {
        Counter.builder("computenet.scheduler.usage.rejected")
                .description("usage samples rejected and dead-lettered, by reason")
                .tag("reason", reason).register(metrics).increment();
        LOG.warnf("rejected usage sample (key %s, partition %d, offset %d): %s", record.key(), record.partition(),
                record.offset(), detail);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A usage sample that is not the signing node's to report. */
    public static class RejectedUsageException extends RuntimeException {
        public RejectedUsageException(String message) {
            super(message);
        }
    }
}
