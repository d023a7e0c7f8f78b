package io.computenet.kafka.deadletter;

import io.computenet.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What a record on {@link Topics#DEAD_LETTER} says about itself in its headers: where it came from (origin topic,
 * partition, offset), and why it was given up on (exception class and message, and the cause's). The header names are
 * those SmallRye's per-record dead-letter strategy writes, so that a reader of the topic cannot tell a record the
 * scheduler's or billing's batch consumers moved there ({@link #of}) from one SmallRye moved; {@link #read} reads
 * either back. This is the one place those names are spelt.
 *
 * <p>Origin partition and offset are null when absent or not a number; the texts are null when absent.
 */
public record DeadLetterRecord(String originTopic, Integer originPartition, Long originOffset, String exceptionClass,
                               String reason, String causeClass, String cause) {

    public static final String EXCEPTION_CLASS_HEADER = "dead-letter-exception-class-name";
    public static final String REASON_HEADER = "dead-letter-reason";
    public static final String CAUSE_CLASS_HEADER = "dead-letter-cause-class-name";
    public static final String CAUSE_HEADER = "dead-letter-cause";
    public static final String TOPIC_HEADER = "dead-letter-topic";
    public static final String PARTITION_HEADER = "dead-letter-partition";
    public static final String OFFSET_HEADER = "dead-letter-offset";

    /**
     * The dead letter of {@code record}: its key and value unchanged, the dead-letter headers for {@code reason} and
     * the record's origin first, then the record's own headers (a reader takes the first of a name: {@link #read}).
     */
    public static ProducerRecord<String, String> of(ConsumerRecord<String, String> record, Throwable reason) {
        ProducerRecord<String, String> dead = new ProducerRecord<>(Topics.DEAD_LETTER, record.key(), record.value());
        header(dead, EXCEPTION_CLASS_HEADER, reason.getClass().getName());
        header(dead, REASON_HEADER, message(reason));
        if (reason.getCause() != null) {
            header(dead, CAUSE_CLASS_HEADER, reason.getCause().getClass().getName());
            header(dead, CAUSE_HEADER, message(reason.getCause()));
        }
        header(dead, TOPIC_HEADER, record.topic());
        header(dead, PARTITION_HEADER, Integer.toString(record.partition()));
        header(dead, OFFSET_HEADER, Long.toString(record.offset()));
        record.headers().forEach(h -> dead.headers().add(h));
        return dead;
    }

    /** The dead-letter headers among {@code headers}; of a name written twice, the first counts (see {@link #of}). */
    public static DeadLetterRecord read(Iterable<Header> headers) {
        Map<String, byte[]> first = new HashMap<>();
        for (Header h : headers) {
            first.putIfAbsent(h.key(), h.value());
        }
        Long partition = number(text(first, PARTITION_HEADER));
        return new DeadLetterRecord(text(first, TOPIC_HEADER), partition == null ? null : partition.intValue(),
                number(text(first, OFFSET_HEADER)), text(first, EXCEPTION_CLASS_HEADER), text(first, REASON_HEADER),
                text(first, CAUSE_CLASS_HEADER), text(first, CAUSE_HEADER));
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Map<String, byte[]> headers, String name) {
        byte[] value = headers.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
