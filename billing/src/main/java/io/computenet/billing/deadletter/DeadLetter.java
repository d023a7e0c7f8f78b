package io.computenet.billing.deadletter;

import io.computenet.contracts.access.KafkaAccess;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A record some consumer gave up on, as it lies on {@code computenet.dead-letter.v1}: where it came from
 * ({@code originTopic}, partition, offset, from the {@code dead-letter-*} headers that SmallRye's dead-letter strategy
 * and the scheduler's {@code DeadLetters} both write), why, and its key and payload (cut at
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
                                Map<String, byte[]> headers) {
        String topic = header(headers, "dead-letter-topic");
        return new DeadLetter(partition, offset, at, serviceOf(topic), topic,
                number(header(headers, "dead-letter-partition")).map(Long::intValue).orElse(null),
                number(header(headers, "dead-letter-offset")).orElse(null),
                reason(headers), cut(header(headers, "dead-letter-exception-class-name"), 512), cut(key, MAX_KEY),
                cut(value, MAX_PAYLOAD));
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

    private static String reason(Map<String, byte[]> headers) {
        String reason = header(headers, "dead-letter-reason");
        String cause = header(headers, "dead-letter-cause");
        return cut(cause == null || cause.equals(reason) ? reason : reason + " (cause: " + cause + ")", MAX_PAYLOAD);
    }

    private static String header(Map<String, byte[]> headers, String name) {
        byte[] value = headers.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static Optional<Long> number(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
