package io.computenet.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The envelope every ComputeNet Kafka event carries: a unique id (consumers deduplicate on it), a type, the schema
 * version of its payload and the instant it happened.
 */
public interface Event {

    String eventId();

    String type();

    int schemaVersion();

    Instant occurredAt();

    /** The Kafka record key that keeps per-entity order. */
    String key();

    /** Problems that make this event unusable; empty when it is well formed. */
    List<String> problems();
}
