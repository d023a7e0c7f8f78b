package io.computenet.nodeagent.spool;

/**
 * One event the node agent could not hand to Kafka yet and keeps in its {@link Spool}: an
 * inventory, heartbeat or usage sample, already rendered as JSON.
 *
 * <p>The spool stores and returns the four fields verbatim; it never parses the payload. The
 * {@code eventId} is what makes the spool's at-least-once redelivery safe: consumers
 * deduplicate on it, so a record whose acknowledgement was lost in a crash may be sent twice
 * but never means two different things.
 *
 * @param topic   Kafka topic the record goes to; not blank
 * @param key     Kafka record key; may be {@code null} (Kafka allows keyless records, which it
 *                then spreads over partitions)
 * @param eventId unique id of the event, used by consumers to deduplicate; not blank
 * @param payload the JSON document; not {@code null} (may be empty)
 */
public record SpoolRecord(String topic, String key, String eventId, String payload) {

    /**
     * Validates the fields up front, so that a bad record is rejected at {@link
     * Spool#append(SpoolRecord)} time by the producer that built it, rather than being spooled
     * and failing later in the sender.
     *
     * @throws IllegalArgumentException if {@code topic} or {@code eventId} is null or blank, or
     *                                  {@code payload} is null
     */
    public SpoolRecord {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        if (eventId == null || eventId.isBlank()) {
            throw new IllegalArgumentException("eventId must not be blank");
        }
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null (event " + eventId + ")");
        }
    }
}
