package io.computenet.contracts;

/** Kafka topic names. The version suffix changes only with an incompatible schema. */
public final class Topics {

    /** Node inventory and heartbeats, keyed by node id. */
    public static final String INVENTORY = "computenet.inventory.v1";
    /** Lease lifecycle, keyed by lease id. */
    public static final String LEASE_EVENTS = "computenet.lease-events.v1";
    /**
     * Which devices of a node serve which running lease, keyed by node id: what a node agent needs to sample usage,
     * without the tenant and the other fields of {@link #LEASE_EVENTS}, which agents may not read.
     */
    public static final String LEASE_ASSIGNMENTS = "computenet.lease-assignments.v1";
    /** Per-lease usage samples as node agents send them (signed), keyed by lease id; only the scheduler reads it. */
    public static final String USAGE = "computenet.usage.v1";
    /**
     * The usage samples the scheduler verified (signed by the enrolled node they name, for a device of that node the
     * lease runs on), unchanged, keyed by lease id; what billing and charts use.
     */
    public static final String USAGE_VERIFIED = "computenet.usage.verified.v1";
    /**
     * Prepaid tenants' funds (balance and vouchers) as billing holds them, keyed by tenant id, compacted: the
     * scheduler refuses new leases and renewals of a tenant without funds and ends its leases after a grace period.
     */
    public static final String FUNDS_STATE = "computenet.funds-state.v1";
    /**
     * The price books as billing holds them, one record per book (an operator's, or the marketplace default), keyed
     * by book ({@code operator/<id>} or {@code default}), compacted, versioned: published whenever a book changes and
     * at billing's start; the scheduler reads it from the beginning and prices quotes, leases and ceilings from its
     * local copy (no call to billing while it allocates).
     */
    public static final String PRICE_BOOKS = "computenet.price-books.v1";
    /** A prepaid tenant's funds fell below a configured threshold, keyed by tenant id (for notifications). */
    public static final String FUNDS_ALERTS = "computenet.funds-alerts.v1";
    /**
     * Requests and tokens each API key of an inference endpoint was served, per traffic window, keyed by endpoint id:
     * written by the scheduler from the gateway's reports, read by billing for the researcher's figures and finance's
     * exports.
     */
    public static final String ENDPOINT_USAGE = "computenet.endpoint-usage.v1";
    /**
     * Records a consumer could not use, with their origin and the reason in SmallRye's {@code dead-letter-*} headers
     * (written and read by kafka-support's {@code DeadLetterRecord}).
     */
    public static final String DEAD_LETTER = "computenet.dead-letter.v1";

    private Topics() {
    }
}
