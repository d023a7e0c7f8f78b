package io.computenet.contracts.access;

import io.computenet.contracts.Topics;
import io.computenet.contracts.access.KafkaAccess.Grant;
import io.computenet.contracts.access.KafkaAccess.Operation;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The trust boundaries the broker's ACLs are made from, as issue 18 states them. */
class KafkaAccessTest {

    private static Set<String> writers(String topic) {
        return KafkaAccess.GRANTS.stream()
                .filter(g -> g.operation() == Operation.WRITE_TOPIC && g.resource().equals(topic))
                .map(Grant::principal).collect(Collectors.toSet());
    }

    private static Set<String> topicsWrittenBy(String principal) {
        return KafkaAccess.GRANTS.stream()
                .filter(g -> g.principal().equals(principal) && g.operation() == Operation.WRITE_TOPIC)
                .map(Grant::resource).collect(Collectors.toSet());
    }

    @Test
    void anAckedProducerLogsInAsTheServiceAndWaitsForEveryReplica() {
        // given a service's Kafka settings, with its login and more
        Map<String, Object> service = Map.of("bootstrap.servers", "10.0.0.5:9093", "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512", "group.id", "billing");

        // when
        Map<String, Object> producer = KafkaAccess.ackedProducer(service, "computenet-billing-state");

        // then
        assertThat(producer).containsEntry("bootstrap.servers", "10.0.0.5:9093")
                .containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("client.id", "computenet-billing-state").doesNotContainKey("group.id");
        assertThat((Integer) producer.get("delivery.timeout.ms"))
                .isGreaterThanOrEqualTo((Integer) producer.get("request.timeout.ms"));
    }

    @Test
    void onlyTheSchedulerWritesWhatMoneyAndAgentsDependOn() {
        // given / when / then
        assertThat(writers(Topics.LEASE_EVENTS)).containsExactly(KafkaAccess.SCHEDULER);
        assertThat(writers(Topics.USAGE_VERIFIED)).containsExactly(KafkaAccess.SCHEDULER);
        assertThat(writers(Topics.LEASE_ASSIGNMENTS)).containsExactly(KafkaAccess.SCHEDULER);
    }

    @Test
    void agentsWriteOnlyTheirInventoryAndUsageAndReadOnlyTheirAssignments() {
        // given / when / then
        assertThat(topicsWrittenBy(KafkaAccess.AGENT)).containsExactlyInAnyOrder(Topics.INVENTORY, Topics.USAGE);
        assertThat(KafkaAccess.allows(KafkaAccess.AGENT, Operation.READ_TOPIC, Topics.LEASE_ASSIGNMENTS)).isTrue();
        assertThat(KafkaAccess.allows(KafkaAccess.AGENT, Operation.READ_TOPIC, Topics.LEASE_EVENTS)).isFalse();
        assertThat(KafkaAccess.allows(KafkaAccess.AGENT, Operation.READ_TOPIC, Topics.USAGE_VERIFIED)).isFalse();
    }

    @Test
    void billingWritesNothingButDeadLettersTenantsFundsAndPriceBooks() {
        // given / when / then
        assertThat(topicsWrittenBy(KafkaAccess.BILLING)).containsExactlyInAnyOrder(Topics.DEAD_LETTER,
                Topics.FUNDS_STATE, Topics.FUNDS_ALERTS, Topics.PRICE_BOOKS);
        assertThat(writers(Topics.PRICE_BOOKS)).containsExactly(KafkaAccess.BILLING);
        assertThat(KafkaAccess.allows(KafkaAccess.SCHEDULER, Operation.READ_TOPIC, Topics.PRICE_BOOKS)).isTrue();
        assertThat(KafkaAccess.allows(KafkaAccess.SCHEDULER, Operation.USE_GROUP,
                "computenet-scheduler-prices-4f2c")).isTrue();
    }

    @Test
    void onlyTheSchedulerWritesTheEndpointUsageBillingCounts() {
        // given / when / then
        assertThat(writers(Topics.ENDPOINT_USAGE)).containsExactly(KafkaAccess.SCHEDULER);
        assertThat(KafkaAccess.allows(KafkaAccess.BILLING, Operation.READ_TOPIC, Topics.ENDPOINT_USAGE)).isTrue();
        assertThat(KafkaAccess.allows(KafkaAccess.AGENT, Operation.READ_TOPIC, Topics.ENDPOINT_USAGE)).isFalse();
    }

    @Test
    void onlyBillingWritesTheFundsStateTheSchedulerStopsLeasesOn() {
        // given / when / then
        assertThat(writers(Topics.FUNDS_STATE)).containsExactly(KafkaAccess.BILLING);
        assertThat(KafkaAccess.allows(KafkaAccess.SCHEDULER, Operation.READ_TOPIC, Topics.FUNDS_STATE)).isTrue();
        assertThat(KafkaAccess.allows(KafkaAccess.AGENT, Operation.READ_TOPIC, Topics.FUNDS_STATE)).isFalse();
    }

    @Test
    void eachServiceUsesOnlyItsOwnConsumerGroups() {
        // given / when / then
        assertThat(KafkaAccess.allows(KafkaAccess.BILLING, Operation.USE_GROUP, "computenet-billing")).isTrue();
        assertThat(KafkaAccess.allows(KafkaAccess.BILLING, Operation.USE_GROUP, "computenet-scheduler")).isFalse();
        assertThat(KafkaAccess.allows(KafkaAccess.AGENT, Operation.USE_GROUP, "computenet-node-agent-1f3a")).isTrue();
        assertThat(KafkaAccess.allows(KafkaAccess.AGENT, Operation.USE_GROUP, "computenet-billing")).isFalse();
        assertThat(KafkaAccess.allows(KafkaAccess.SCHEDULER, Operation.USE_GROUP, "computenet-node-agent-x"))
                .isFalse();
    }

    @Test
    void everyGrantedTopicIsCreatedUpFront() {
        // given
        Set<String> created = KafkaAccess.TOPICS.stream().map(KafkaAccess.TopicSpec::name)
                .collect(Collectors.toSet());

        // when
        Set<String> granted = KafkaAccess.GRANTS.stream()
                .filter(g -> g.operation() == Operation.READ_TOPIC || g.operation() == Operation.WRITE_TOPIC)
                .map(Grant::resource).collect(Collectors.toSet());

        // then
        assertThat(created).containsAll(granted);
        assertThat(KafkaAccess.principals()).containsExactlyInAnyOrder(KafkaAccess.SCHEDULER, KafkaAccess.BILLING,
                KafkaAccess.AGENT);
    }
}
