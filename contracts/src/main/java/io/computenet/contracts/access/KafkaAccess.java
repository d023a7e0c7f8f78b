package io.computenet.contracts.access;

import io.computenet.contracts.Topics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may do what on ComputeNet's Kafka: the topics (created up front, the broker creates none on its own) and one
 * table of grants per principal, from which the broker's ACLs are made ({@code devstack}'s {@code KafkaBroker}) and
 * which the manifests for a real cluster follow. Anything not granted here is denied: an agent that produces a
 * {@code lease.ended} gets a {@code TopicAuthorizationException}, so a consumer of {@link Topics#LEASE_EVENTS} or
 * {@link Topics#USAGE_VERIFIED} only ever sees records the scheduler wrote. A new topic or consumer is one row more.
 */
public final class KafkaAccess {

    /**
     * The scheduler: reads the agents' records, billing's funds and price books, writes lease events, lease
     * assignments and verified usage.
     */
    public static final String SCHEDULER = "scheduler";
    /**
     * Billing: reads lease events and verified usage, writes dead letters (and reads them back for admins), prepaid tenants' funds and alerts, and the
     * price books.
     */
    public static final String BILLING = "billing";
    /** Every node agent (the simulated fleet too): writes inventory and usage, reads its lease assignments. */
    public static final String AGENT = "node-agent";

    /** What a grant allows: a topic read or written, or a consumer group (or groups starting with a prefix) used. */
    public enum Operation {
        READ_TOPIC, WRITE_TOPIC, USE_GROUP, USE_GROUP_PREFIX
    }

    /** One row of the table: {@code principal} may do {@code operation} on {@code resource}. */
    public record Grant(String principal, Operation operation, String resource) {
    }

    /** A topic as it is created, with its topic configuration (e.g. {@code cleanup.policy=compact}). */
    public record TopicSpec(String name, int partitions, Map<String, String> config) {

        public TopicSpec(String name, int partitions) {
            this(name, partitions, Map.of());
        }
    }

    public static final List<TopicSpec> TOPICS = List.of(
            new TopicSpec(Topics.INVENTORY, 3),
            new TopicSpec(Topics.LEASE_EVENTS, 3),
            new TopicSpec(Topics.LEASE_ASSIGNMENTS, 3),
            new TopicSpec(Topics.USAGE, 3),
            new TopicSpec(Topics.USAGE_VERIFIED, 3),
            new TopicSpec(Topics.DEAD_LETTER, 3),
            // the latest funds state per tenant is all a reader needs
            new TopicSpec(Topics.FUNDS_STATE, 3, Map.of("cleanup.policy", "compact")),
            new TopicSpec(Topics.FUNDS_ALERTS, 3),
            // the latest state of each price book is all a reader needs
            new TopicSpec(Topics.PRICE_BOOKS, 3, Map.of("cleanup.policy", "compact")),
            new TopicSpec(Topics.ENDPOINT_USAGE, 3));

    public static final List<Grant> GRANTS = List.of(
            read(SCHEDULER, Topics.INVENTORY),
            read(SCHEDULER, Topics.USAGE),
            write(SCHEDULER, Topics.LEASE_EVENTS),
            write(SCHEDULER, Topics.LEASE_ASSIGNMENTS),
            write(SCHEDULER, Topics.USAGE_VERIFIED),
            write(SCHEDULER, Topics.DEAD_LETTER),
            group(SCHEDULER, "computenet-scheduler"),
            group(SCHEDULER, "computenet-scheduler-usage"),
            read(SCHEDULER, Topics.FUNDS_STATE),
            group(SCHEDULER, "computenet-scheduler-funds"),
            write(SCHEDULER, Topics.ENDPOINT_USAGE),
            read(SCHEDULER, Topics.PRICE_BOOKS),
            // each scheduler instance reads the whole price book topic under a fresh group on start
            new Grant(SCHEDULER, Operation.USE_GROUP_PREFIX, "computenet-scheduler-prices-"),

            read(BILLING, Topics.LEASE_EVENTS),
            read(BILLING, Topics.USAGE_VERIFIED),
            write(BILLING, Topics.DEAD_LETTER),
            // the dead letters are read back for the admins' list
            read(BILLING, Topics.DEAD_LETTER),
            group(BILLING, "computenet-billing"),
            write(BILLING, Topics.FUNDS_STATE),
            write(BILLING, Topics.FUNDS_ALERTS),
            read(BILLING, Topics.ENDPOINT_USAGE),
            write(BILLING, Topics.PRICE_BOOKS),

            write(AGENT, Topics.INVENTORY),
            write(AGENT, Topics.USAGE),
            read(AGENT, Topics.LEASE_ASSIGNMENTS),
            // each agent replays its assignments under a fresh group on start
            new Grant(AGENT, Operation.USE_GROUP_PREFIX, "computenet-node-agent-"));

    private KafkaAccess() {
    }

    /** Every principal the table names (each needs a credential). */
    public static Set<String> principals() {
        Set<String> names = new TreeSet<>();
        GRANTS.forEach(g -> names.add(g.principal()));
        return names;
    }

    /** Whether the table lets {@code principal} do {@code operation} on {@code resource} (groups: prefixes too). */
    public static boolean allows(String principal, Operation operation, String resource) {
        return GRANTS.stream().filter(g -> g.principal().equals(principal)).anyMatch(g ->
                g.operation() == operation && g.resource().equals(resource)
                        || operation == Operation.USE_GROUP && g.operation() == Operation.USE_GROUP_PREFIX
                        && resource.startsWith(g.resource()));
    }

    /**
     * The login and transport settings ({@code security.*}, {@code sasl.*}, {@code ssl.*}) among a service's Kafka
     * client settings, for a client it builds itself beside the SmallRye channels, which get them on their own.
     */
    public static Map<String, Object> clientSecurity(Map<String, ?> kafkaConfig) {
        Map<String, Object> security = new TreeMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                security.put(key, value);
            }
        });
        return security;
    }

    /**
     * The settings of a producer that a service builds itself beside its SmallRye channels and whose acknowledged
     * sends must be durable: its login ({@link #clientSecurity}) and bootstrap servers from the service's Kafka
     * settings, {@code acks=all} with idempotence (a retried send is written once, in order), and bounded waits (5 s for
     * metadata, 4 s per request, 9 s per send) so a send to an absent broker fails and the caller retries it later.
     * A caller may override the waits, saying why.
     */
    public static Map<String, Object> ackedProducer(Map<String, ?> kafkaConfig, String clientId) {
        Map<String, Object> props = clientSecurity(kafkaConfig);
        Object servers = kafkaConfig.get("bootstrap.servers");
        props.put("bootstrap.servers", servers == null ? "127.0.0.1:9092" : servers);
        props.put("acks", "all");
        props.put("enable.idempotence", true);
        props.put("max.block.ms", 5000);
        props.put("request.timeout.ms", 4000);
        props.put("delivery.timeout.ms", 9000);
        props.put("client.id", clientId);
        return props;
    }

    private static Grant read(String principal, String topic) {
        return new Grant(principal, Operation.READ_TOPIC, topic);
    }

    private static Grant write(String principal, String topic) {
        return new Grant(principal, Operation.WRITE_TOPIC, topic);
    }

    private static Grant group(String principal, String group) {
        return new Grant(principal, Operation.USE_GROUP, group);
    }
}
