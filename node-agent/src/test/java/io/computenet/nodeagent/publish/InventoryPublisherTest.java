package io.computenet.nodeagent.publish;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.access.KafkaAccess;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.lease.LeaseAssignment;
import io.computenet.contracts.usage.UsageEvent;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.contracts.identity.RecordSignature;
import io.computenet.nodeagent.identity.EnrolledFleetResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "agent"), @ResourceArg(name = "kafkaPrincipal", value = "node-agent")})
@QuarkusTestResource(EnrolledFleetResource.class)
class InventoryPublisherTest {

    @jakarta.inject.Inject
    InventoryPublisher publisher;
    @jakarta.inject.Inject
    io.computenet.nodeagent.AgentConfig config;

    @Test
    void keepsSamplingIntoTheSpoolWhileKafkaIsDownAndSendsItInOrderWhenItReturns() {
        // given: the agent runs and Kafka has everything so far
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.spoolDepth() == 0);

        // when: the broker goes away for a while
        java.time.Instant down = java.time.Instant.now();
        RealInfraResource.kafka().stopProcess();
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.spoolDepth() >= 12);
        java.time.Instant up = java.time.Instant.now();
        RealInfraResource.kafka().startProcess();

        // then: the spool drains, and every node's heartbeats sampled during the outage arrive, in order
        await().atMost(Duration.ofSeconds(90)).until(() -> publisher.spoolDepth() == 0);
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            java.util.Map<String, java.util.List<java.time.Instant>> byNode = new java.util.HashMap<>();
            kafka.readUntil(Topics.INVENTORY, r -> {
                InventoryEvent e = EventCodec.decode(r.value(), InventoryEvent.class);
                byNode.computeIfAbsent(e.nodeId(), k -> new java.util.ArrayList<>()).add(e.occurredAt());
                return byNode.size() == 6 && byNode.values().stream().allMatch(times -> times.stream()
                        .anyMatch(t -> t.isAfter(up)));
            }, Duration.ofSeconds(60));
            byNode.forEach((node, times) -> {
                assertThat(times).as(node + " in order").isSorted();
                assertThat(times).as(node + " sampled while Kafka was down")
                        .anyMatch(t -> t.isAfter(down) && t.isBefore(up));
            });
        }
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // the other tests read the whole topic and check its order
    void aRestartedAgentSendsEverythingItHadSpooledAndKeepsItsIdentities() {
        // given: the agent has sent everything, then Kafka goes away while the agent keeps sampling into the spool
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.spoolDepth() == 0);
        RealInfraResource.kafka().stopProcess();
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.spoolDepth() >= 12);

        // when: the agent stops with events spooled and starts again on the same spool and identities
        publisher.stop();
        java.util.List<io.computenet.nodeagent.spool.SpoolRecord> spooled;
        try (var spool = io.computenet.nodeagent.spool.Spool.open(java.nio.file.Path.of(config.spoolDir()),
                config.spoolMaxBytes())) {
            spooled = spool.peek(100_000);
        }
        publisher.start();
        RealInfraResource.kafka().startProcess();

        // then: every event spooled before the restart arrives. Delivery is at least once: a send Kafka took but did
        // not acknowledge while it came back is sent again (same event id, which consumers deduplicate), so copies
        // and a resent event landing behind a later one can be seen on the topic and are not checked here.
        await().atMost(Duration.ofSeconds(90)).until(() -> publisher.spoolDepth() == 0);
        assertThat(spooled).hasSizeGreaterThanOrEqualTo(12)
                .allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.INVENTORY));
        Set<String> expected = spooled.stream().map(io.computenet.nodeagent.spool.SpoolRecord::eventId)
                .collect(Collectors.toSet());
        Set<String> arrived = new java.util.HashSet<>();
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            kafka.readUntil(Topics.INVENTORY, r -> {
                String id = EventCodec.decode(r.value(), InventoryEvent.class).eventId();
                if (expected.contains(id)) {
                    arrived.add(id);
                }
                return arrived.size() == expected.size();
            }, Duration.ofSeconds(60));
        }
        assertThat(arrived).containsExactlyInAnyOrderElementsOf(expected);
        // and the restarted agent kept its identities instead of enrolling again
        assertThat(EnrolledFleetResource.portal().exchanges()).isEqualTo(6);
    }

    @Test
    void samplesTheUsageOfTheLeasesTheSchedulerAssignsToItsNodes() {
        // given: one of the agent's nodes and a device of it, from the inventory it published
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        InventoryEvent node;
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            var records = kafka.readUntil(Topics.INVENTORY, r -> r.value().contains("node.inventory"),
                    Duration.ofSeconds(30));
            node = EventCodec.decode(records.get(records.size() - 1).value(), InventoryEvent.class);
        }
        String leaseId = "ls-" + java.util.UUID.randomUUID();
        String deviceKey = node.devices().get(0).deviceKey();

        // when: the scheduler assigns a lease to it (logged in as the scheduler, the only writer of assignments)
        send(assignment(LeaseAssignment.TYPE_ASSIGNED, node.nodeId(), leaseId,
                deviceKey));

        // then: the agent, which reads only the assignments topic, sends signed samples of that device for the lease
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            var records = kafka.readUntil(Topics.USAGE, r -> leaseId.equals(r.key()), Duration.ofSeconds(30));
            var sample = records.get(records.size() - 1);
            var usage = EventCodec.decode(sample.value(), UsageEvent.class);
            assertThat(usage.nodeId()).isEqualTo(node.nodeId());
            assertThat(usage.deviceKey()).isEqualTo(deviceKey);
            assertThat(header(sample, RecordSignature.NODE_HEADER)).isEqualTo(node.nodeId());
        }

        // and when the lease is unassigned, the agent stops sampling it (the other tests expect no usage)
        send(assignment(LeaseAssignment.TYPE_UNASSIGNED, node.nodeId(), leaseId,
                deviceKey));
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.activeLeases().all().isEmpty());
    }

    private static LeaseAssignment assignment(String type, String nodeId,
                                                                           String leaseId, String deviceKey) {
        return new LeaseAssignment(java.util.UUID.randomUUID().toString(), type, 1,
                java.time.Instant.now(), nodeId, leaseId, java.util.List.of(deviceKey), 1024);
    }

    private static void send(LeaseAssignment assignment) {
        try (KafkaTestClient scheduler = new KafkaTestClient(RealInfraResource.kafka()
                .clientConfig(KafkaAccess.SCHEDULER))) {
            scheduler.send(Topics.LEASE_ASSIGNMENTS, assignment.nodeId(), EventCodec.encode(assignment));
        }
    }

    @Test
    void publishesTheFleetInventoryKeyedByNodeThenHeartbeats() {
        // when the agent has started: then it becomes ready once Kafka acknowledged every node's inventory
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            Set<String> seen = new java.util.HashSet<>();
            var records = kafka.readUntil(Topics.INVENTORY, r -> {
                seen.add(r.value().contains("node.heartbeat") ? "heartbeat" : r.key());
                return seen.size() == 7;
            }, Duration.ofSeconds(30));
            var events = records.stream().map(r -> {
                InventoryEvent e = EventCodec.decode(r.value(), InventoryEvent.class);
                assertThat(r.key()).isEqualTo(e.nodeId());
                // signed by the node it describes, with the credential that node's enrolment returned
                assertThat(header(r, RecordSignature.NODE_HEADER)).isEqualTo(e.nodeId());
                assertThat(RecordSignature.verify(EnrolledFleetResource.portal().credentialOf(e.nodeId()), r.value(),
                        header(r, RecordSignature.HEADER))).as("signature of " + e.eventId()).isTrue();
                return e;
            }).toList();
            Set<String> inventoried = events.stream().filter(e -> e.type().equals("node.inventory"))
                    .map(InventoryEvent::nodeId).collect(Collectors.toSet());
            assertThat(inventoried).hasSize(6);
            assertThat(EnrolledFleetResource.portal().exchanges()).isEqualTo(6);
            assertThat(events).allSatisfy(e -> assertThat(e.operatorId()).isEqualTo("op-demo"));
            assertThat(events.stream().map(InventoryEvent::region).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("cn-east-yrd", "cn-west-nm", "cn-west-gz");
        }
        given().get("/q/health/ready").then().body("checks.find { it.name == 'inventory-published' }.data.nodes", equalTo(6));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        int devices = new io.computenet.nodeagent.fleet.FleetSimulator().fleet(6, java.util.List.of(
                        io.computenet.nodeagent.fleet.FleetSimulator.Placement.parse("cn-east-yrd:wuhu-1"),
                        io.computenet.nodeagent.fleet.FleetSimulator.Placement.parse("cn-west-nm:horinger-1"),
                        io.computenet.nodeagent.fleet.FleetSimulator.Placement.parse("cn-west-gz:guian-1")),
                "op-demo", 42).stream().mapToInt(n -> n.devices().size()).sum();
        assertThat(metrics).contains("computenet_agent_nodes 6.0")
                .contains("computenet_agent_devices " + devices + ".0")
                .containsPattern("computenet_agent_events_sent_total [1-9]")
                .contains("computenet_agent_send_lag_seconds_count");
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
