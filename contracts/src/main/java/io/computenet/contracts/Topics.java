package io.computenet.contracts;

/** Kafka topic names. The version suffix changes only with an incompatible schema. */
public final class Topics {

    /** Node inventory and heartbeats, keyed by node id. */
    public static final String INVENTORY = "computenet.inventory.v1";
    /** Lease lifecycle, keyed by lease id. */
    public static final String LEASE_EVENTS = "computenet.lease-events.v1";
    /** Per-lease usage samples, keyed by lease id. */
    public static final String USAGE = "computenet.usage.v1";
    /** Records a consumer could not use, with the reason in the {@link #DLQ_REASON_HEADER} header. */
    public static final String DEAD_LETTER = "computenet.dead-letter.v1";

    public static final String DLQ_REASON_HEADER = "x-dead-letter-reason";
    public static final String DLQ_ORIGIN_HEADER = "x-dead-letter-origin";
    public static final String DLQ_CONSUMER_HEADER = "x-dead-letter-consumer";

    private Topics() {
    }
}
