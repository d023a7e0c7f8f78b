package io.computenet.billing.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Applies Kafka records for a consumer. A transient failure is retried in place (the partition waits, its offset is
 * not committed, so a restart reads the record again) until it succeeds; a permanent one ({@link Failures}) is counted
 * in {@code computenet_billing_dead_lettered_total{channel}} and the record moves to {@code computenet.dead-letter.v1}
 * with the reason. Transient failures are counted in {@code computenet_billing_delivery_retries_total{channel}}.
 *
 * <p>Two shapes: {@link #apply} for a channel that hands one record at a time (it rethrows a permanent failure and the
 * channel's dead-letter strategy moves the record), and {@link #applyBatch} for a channel that hands a poll's records
 * at once: they are applied in one transaction per chunk of {@code computenet.billing.consumer-batch-size} (100), and
 * when a chunk's transaction fails for any reason its records are applied again one at a time under the same rules, so that one bad record neither blocks nor loses the others. The batch method returns only
 * when every record is applied or dead-lettered (acknowledged by the broker): only then are the poll's offsets
 * committed, and a crash before that reads the batch again (every consumer applies a record once by its event id).
 */
@ApplicationScoped
public class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);

    @Inject
    MeterRegistry registry;
    @Inject
    DeadLetters deadLetters;
    /**
     * The most records applied in one transaction: a poll (up to {@code max.poll.records}) is applied in chunks of
     * this many, so that a starved process finishes each well inside the transaction timeout and a failed chunk
     * falls back to one at a time for this many records only.
     */
    @ConfigProperty(name = "computenet.billing.consumer-batch-size", defaultValue = "100")
    int chunkSize = 100;

    /** Runs {@code apply} until it succeeds, or rethrows its permanent failure (the channel dead-letters it). */
    public void apply(String channel, String recordId, Runnable apply) {
        RuntimeException permanent = untilDone(channel, recordId, apply);
        if (permanent != null) {
            throw permanent;
        }
    }

    /**
     * Applies a poll's records: each is decoded ({@code decode}; one that does not decode is dead-lettered at once),
     * then they are applied in order, each chunk by {@code all} in one transaction; when that throws, each record of
     * the chunk by {@code one} in its own, retried or dead-lettered as {@link #apply} does.
     *
     * @param decode  the record's value to the event (throws for a value that can never be one)
     * @param all     applies the decoded events in one transaction, in the records' order
     * @param one     applies one decoded event in its own transaction
     */
    public <E> void applyBatch(String channel, List<ConsumerRecord<String, String>> records,
                               Function<String, E> decode, Consumer<List<E>> all, Consumer<E> one) {
        List<ConsumerRecord<String, String>> decoded = new ArrayList<>(records.size());
        List<E> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                events.add(decode.apply(record.value()));
                decoded.add(record);
            } catch (RuntimeException e) {
                // a value that does not decode can never be applied
                registry.counter("computenet.billing.dead.lettered", "channel", channel).increment();
                LOG.errorf("%s record %s does not decode, dead-lettered: %s", channel, id(record), e.getMessage());
                deadLetter(channel, record, e);
            }
        }
        for (int from = 0; from < events.size(); from += chunkSize) {
            int to = Math.min(events.size(), from + chunkSize);
            applyChunk(channel, decoded.subList(from, to), events.subList(from, to), all, one);
        }
    }

    private <E> void applyChunk(String channel, List<ConsumerRecord<String, String>> records, List<E> events,
                                Consumer<List<E>> all, Consumer<E> one) {
        try {
            all.accept(events);
            return;
        } catch (RuntimeException e) {
            registry.counter("computenet.billing.delivery.batch.fallbacks", "channel", channel).increment();
            LOG.warnf("%s: a batch of %d records failed as a whole (%s); applying them one at a time", channel,
                    events.size(), e.toString());
        }
        for (int i = 0; i < events.size(); i++) {
            E event = events.get(i);
            ConsumerRecord<String, String> record = records.get(i);
            RuntimeException permanent = untilDone(channel, id(record), () -> one.accept(event));
            if (permanent != null) {
                deadLetter(channel, record, permanent);
            }
        }
    }

    /** Runs {@code apply} until it succeeds (null) or fails permanently (that failure, counted and logged). */
    private RuntimeException untilDone(String channel, String recordId, Runnable apply) {
        for (int attempt = 1; ; attempt++) {
            try {
                apply.run();
                return null;
            } catch (RuntimeException e) {
                if (Failures.permanent(e)) {
                    registry.counter("computenet.billing.dead.lettered", "channel", channel).increment();
                    LOG.errorf("%s record %s can never be applied, dead-lettered: %s", channel, recordId,
                            e.getMessage());
                    return e;
                }
                retryLater(channel, recordId, e, attempt);
            }
        }
    }

    /** Sends the record to the dead-letter topic, trying again while the broker does not acknowledge it. */
    private void deadLetter(String channel, ConsumerRecord<String, String> record, RuntimeException reason) {
        for (int attempt = 1; ; attempt++) {
            try {
                deadLetters.send(record, reason);
                return;
            } catch (RuntimeException e) {
                retryLater(channel, id(record), e, attempt);
            }
        }
    }

    private void retryLater(String channel, String recordId, RuntimeException failure, int attempt) {
        registry.counter("computenet.billing.delivery.retries", "channel", channel).increment();
        long waitMs = Failures.backoff(attempt).toMillis();
        LOG.warnf("%s record %s failed (%s), try %d again in %d ms", channel, recordId, failure.getMessage(),
                attempt + 1, waitMs);
        pause(waitMs);
    }

    private static String id(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /**
     * Waits before the next try. An interrupt (shutdown) does not end the retrying: giving up would dead-letter a
     * record that can still be applied; the process ends without committing its offset instead.
     */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
    }
}
