package io.computenet.billing.deadletter;

import io.computenet.contracts.access.KafkaAccess;
import io.computenet.kafka.deadletter.DeadLetterRecord;

import java.time.Instant;

/**
 * A record some consumer gave up on, as it lies on {@code computenet.dead-letter.v1}: where it came from
 * ({@code originTopic}, partition, offset, from the {@code dead-letter-*} headers that SmallRye's dead-letter strategy
 * and the services' batch consumers both write, read by {@link DeadLetterRecord#read}), why, and its key and payload (cut at
 * {@link #MAX_PAYLOAD} characters). {@code service} is who dead-lettered it: the one service that reads the origin
 * topic and may write dead letters ({@link KafkaAccess}), null when the topic is unknown.
 */
public record DeadLetter(int partition, long offset, Instant deadLetteredAt, String service, String originTopic,
                         Integer originPartition, Long originOffset, String reason, String exceptionClass, String key,
                         String payload) {

    public static final int MAX_PAYLOAD = 4000;
    private static final int MAX_KEY = 512;

    /** A dead-letter record as stored: its headers read, its texts cut to the columns' sizes. */
    public static DeadLetter of(int partition, long offset, Instant at, String key, String value,
                                DeadLetterRecord headers) {
        return new DeadLetter(partition, offset, at, serviceOf(headers.originTopic()), headers.originTopic(),
                headers.originPartition(), headers.originOffset(), reason(headers), cut(headers.exceptionClass(), 512),
                cut(key, MAX_KEY), cut(value, MAX_PAYLOAD));
    }

    /** The service that reads {@code topic} and may dead-letter, from the Kafka grants; null when none or several. */
    public static String serviceOf(String topic) {
        if (topic == null) {
            return null;
        }
        var readers = KafkaAccess.GRANTS.stream()
                .filter(g -> g.operation() == KafkaAccess.Operation.READ_TOPIC && g.resource().equals(topic))
                .map(KafkaAccess.Grant::principal)
                .filter(p -> KafkaAccess.allows(p, KafkaAccess.Operation.WRITE_TOPIC,
                        io.computenet.contracts.Topics.DEAD_LETTER))
                .distinct().toList();
        return readers.size() == 1 ? readers.get(0) : null;
    }

    private static String reason(DeadLetterRecord headers) {
        String reason = headers.reason();
        String cause = headers.cause();
        return cut(cause == null || cause.equals(reason) ? reason : reason + " (cause: " + cause + ")", MAX_PAYLOAD);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
