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
import java.util.HashSet;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks the node agents' usage samples ({@code computenet.usage.v1}) before anyone uses them: signed by the enrolled,
 * unrevoked node they name, for one of its enrolled devices that the sample's lease runs on ({@link RecordCheck}).
 * Accepted samples are forwarded unchanged, keyed by lease id, to {@code computenet.usage.verified.v1}, which billing
 * reads; the node credentials stay here. Rejected ones are counted
 * ({@code computenet_scheduler_usage_rejected_total{reason}}) and thrown, so the channel's dead-letter strategy moves
 * them to {@code computenet.dead-letter.v1} with the reason. A sample is forwarded before its offset is committed:
 * delivery is at least once, and billing keeps one sample per event id.
 */
@ApplicationScoped
public class UsageVerifier {

    private static final Logger LOG = Logger.getLogger(UsageVerifier.class);

    @Inject
    EnrollmentService enrollment;
    @Inject
    Producer<String, String> producer;
    @Inject
    MeterRegistry metrics;

    @Incoming("usage")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) throws InterruptedException {
        UsageEvent event;
        try {
            event = EventCodec.decode(record.value(), UsageEvent.class);
        } catch (EventDecodingException e) {
            rejected("undecodable", record, e.getMessage());
            throw e;
        }
        String signer = header(record, RecordSignature.NODE_HEADER);
        RecordCheck.Verdict verdict = QuarkusTransaction.requiringNew().call(() -> RecordCheck.checkUsage(signer,
                header(record, RecordSignature.HEADER), record.value(), event,
                signer == null ? Optional.empty() : enrollment.lookup(signer), enrollment::credentialOf,
                placement(event.leaseId())));
        if (!verdict.accepted()) {
            rejected(verdict.rejection().slug(), record, verdict.detail());
            throw new RejectedUsageException(verdict.detail());
        }
        // the sample is fine even when Kafka is not: retry (holding this partition) rather than dead-letter it
        while (true) {
            try {
                producer.send(new ProducerRecord<>(Topics.USAGE_VERIFIED, event.key(), record.value()))
                        .get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("cannot forward usage sample %s yet, retrying: %s", event.eventId(), e.getMessage());
                Thread.sleep(1000);
            }
        }
    }

    private static Optional<RecordCheck.LeasePlacement> placement(String leaseId) {
        LeaseEntity lease = LeaseEntity.findById(leaseId);
        return lease == null || lease.nodeId == null ? Optional.empty()
                : Optional.of(new RecordCheck.LeasePlacement(lease.nodeId, new HashSet<>(lease.deviceKeyList())));
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
