package io.computenet.scheduler.inventory;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.lease.LeaseNodes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class InventoryConsumerTest {

    private static long deviceCount(String nodeId) {
        return QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("nodeId", nodeId));
    }

    @Test
    void storesNodesAndDevicesFromInventoryEvents() {
        // given
        InventoryEvent event = TestInventory.inventory("inv-node-1", "cn-east-yrd",
                TestInventory.devices(Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, "inv1", 8));

        // when
        TestInventory.publish(event);

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> deviceCount("inv-node-1") == 8);
        NodeEntity node = QuarkusTransaction.requiringNew().call(() -> NodeEntity.findById("inv-node-1"));
        assertThat(node.region).isEqualTo("cn-east-yrd");
        assertThat(node.operatorId).isEqualTo("op-test");
    }

    @Test
    void aRedeliveredOlderInventoryDoesNotRollTheNodeBack() {
        // given: a node reports 4 devices, then 2
        InventoryEvent first = TestInventory.inventory("inv-node-2", "cn-west-nm",
                TestInventory.devices(Vendor.CAMBRICON, "MLU370-X8", 23374, "inv2", 4));
        InventoryEvent second = new InventoryEvent(java.util.UUID.randomUUID().toString(), first.type(), 1,
                first.occurredAt().plusSeconds(5), first.nodeId(), first.operatorId(), first.region(),
                first.cluster(), first.hostname(), first.devices().subList(0, 2));
        TestInventory.publish(first);
        TestInventory.publish(second);
        await().atMost(Duration.ofSeconds(30)).until(() -> deviceCount("inv-node-2") == 2);

        // when: the first is delivered again
        TestInventory.publish(first);
        TestInventory.publish(TestInventory.inventory("inv-node-marker", "cn-west-nm",
                TestInventory.devices(Vendor.CAMBRICON, "MLU370-X8", 23374, "mark", 1)));

        // then: once a later record is applied, the node still has 2 devices
        await().atMost(Duration.ofSeconds(30)).until(() -> deviceCount("inv-node-marker") == 1);
        assertThat(deviceCount("inv-node-2")).isEqualTo(2);
    }

    @Inject
    LeaseNodes leaseNodes;

    private String agentTopology(String nodeId) {
        return QuarkusTransaction.requiringNew().call(() -> NodeEntity.<NodeEntity>findById(nodeId).topology);
    }

    private String effectiveTopology(String nodeId) {
        return QuarkusTransaction.requiringNew().call(() -> leaseNodes.topologies().get(nodeId));
    }

    @Test
    void storesTheTopologyLabelTheAgentReportsAndTheOperatorsLabelWinsUntilCleared() {
        // given: an agent configured with its rack
        List<DeviceInfo> devices = TestInventory.devices(Vendor.HUAWEI_ASCEND, "Ascend310P3", 21527, "topo", 1);
        InventoryEvent first = TestInventory.inventory("inv-topo-1", "cn-west-gz", devices, "guian-1/rack-b03");

        // when
        TestInventory.publish(first);

        // then: the scheduler keeps it, and gangs go by it
        await().atMost(Duration.ofSeconds(30)).until(() -> "guian-1/rack-b03".equals(agentTopology("inv-topo-1")));
        assertThat(effectiveTopology("inv-topo-1")).isEqualTo("guian-1/rack-b03");
        // (drained, so that the lease requests of other test classes never land on its NPU)
        given().contentType(ContentType.JSON).queryParam("organisation", "op-test").queryParam("by", "ops")
                .body(Map.of("minutes", 60)).post("/internal/v1/nodes/inv-topo-1/drain").then().statusCode(200);

        // when: a heartbeat (which carries no label) follows, and the operator moves the node to another rack
        TestInventory.publish(InventoryEvent.heartbeat(first.occurredAt().plusSeconds(1), "inv-topo-1", "op-test",
                "cn-west-gz", "cn-west-gz-1", "inv-topo-1", devices));
        given().contentType(ContentType.JSON).queryParam("organisation", "op-test").queryParam("by", "ops")
                .body(Map.of("topology", "guian-1/rack-a12")).put("/internal/v1/nodes/inv-topo-1/topology")
                .then().statusCode(200).body("topology", equalTo("guian-1/rack-a12"));
        // and the agent, reconfigured, reports yet another one
        TestInventory.publish(InventoryEvent.inventory(first.occurredAt().plusSeconds(2), "inv-topo-1", "op-test",
                "cn-west-gz", "cn-west-gz-1", "inv-topo-1", devices, "guian-1/rack-c07"));

        // then: the agent's label is stored, but the operator's wins
        await().atMost(Duration.ofSeconds(30)).until(() -> "guian-1/rack-c07".equals(agentTopology("inv-topo-1")));
        assertThat(effectiveTopology("inv-topo-1")).isEqualTo("guian-1/rack-a12");

        // when: the operator clears the label
        given().contentType(ContentType.JSON).queryParam("organisation", "op-test").queryParam("by", "ops")
                .body("{\"topology\":null}").put("/internal/v1/nodes/inv-topo-1/topology")
                .then().statusCode(200).body("topology", equalTo("guian-1/rack-c07"));

        // then: the agent's label counts again
        assertThat(effectiveTopology("inv-topo-1")).isEqualTo("guian-1/rack-c07");
    }

    @Test
    void storesTheHostsCpusAndMemoryAnInventoryReportsAndHeartbeatsLeaveThem() {
        // given: an agent that read 96 CPUs and 512 GiB from its OS
        List<DeviceInfo> devices = TestInventory.devices(Vendor.HUAWEI_ASCEND, "Ascend310P3", 21527, "host", 1);
        InventoryEvent first = InventoryEvent.inventory(java.time.Instant.now(), "inv-host-1", "op-test",
                "cn-west-gz", "cn-west-gz-1", "inv-host-1", devices, null, 96, 524_288L);

        // when
        TestInventory.publish(first);
        // (drained, so that the lease requests of other test classes never land on its NPU)
        given().contentType(ContentType.JSON).queryParam("organisation", "op-test").queryParam("by", "ops")
                .body(Map.of("minutes", 60)).post("/internal/v1/nodes/inv-host-1/drain").then().statusCode(200);
        TestInventory.publish(InventoryEvent.heartbeat(first.occurredAt().plusSeconds(1), "inv-host-1", "op-test",
                "cn-west-gz", "cn-west-gz-1", "inv-host-1", devices));

        // then: kept, a heartbeat changes nothing
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(96).equals(QuarkusTransaction.requiringNew()
                .call(() -> NodeEntity.<NodeEntity>findById("inv-host-1").hostCpuCount)));
        NodeEntity node = QuarkusTransaction.requiringNew().call(() -> NodeEntity.<NodeEntity>findById("inv-host-1"));
        assertThat(node.hostMemoryMiB).isEqualTo(524_288L);
    }

    @Test
    void deadLettersUnreadableAndUnsignedRecordsWithTheReasonAndKeepsConsuming() {
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            // given: a damaged record, and a well-formed one that no enrolled node signed
            kafka.send(Topics.INVENTORY, "bad-node", "{\"eventId\":\"x\",\"type\":\"node.inventory\"");
            kafka.send(Topics.INVENTORY, "unsigned-node", EventCodec.encode(TestInventory.inventory("unsigned-node",
                    "cn-east-yrd", TestInventory.devices(Vendor.NVIDIA, "H100 80GB HBM3", 81559, "uns", 1))));

            // when: a good record follows
            TestInventory.publish(TestInventory.inventory("inv-node-after-bad", "cn-west-gz",
                    TestInventory.devices(Vendor.NVIDIA, "H100 80GB HBM3", 81559, "after", 2)));

            // then
            await().atMost(Duration.ofSeconds(30)).until(() -> deviceCount("inv-node-after-bad") == 2);
            List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER,
                    r -> "unsigned-node".equals(r.key()), Duration.ofSeconds(30));
            assertThat(reason(dead, "bad-node")).contains("not a InventoryEvent");
            assertThat(reason(dead, "unsigned-node")).contains("carries no computenet-node-id");
            assertThat(deviceCount("unsigned-node")).isZero();
        }
    }

    @Test
    void rejectsCountsAndDeadLettersRecordsTheSigningNodeDoesNotOwn() {
        // given: two enrolled nodes
        List<DeviceInfo> devicesA = TestInventory.devices(Vendor.NVIDIA, "A100-SXM4-80GB", 81920, "own-a", 2);
        InventoryEvent a = TestInventory.inventory("own-a", "cn-east-yrd", devicesA);
        TestInventory.publish(a);
        TestInventory.publish(TestInventory.inventory("own-b", "cn-east-yrd",
                TestInventory.devices(Vendor.NVIDIA, "A100-SXM4-80GB", 81920, "own-b", 2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> deviceCount("own-a") == 2 && deviceCount("own-b") == 2);
        String credentialA = TestInventory.credentialOf("own-a");
        List<DeviceInfo> extra = new ArrayList<>(devicesA);
        extra.add(TestInventory.device(Vendor.NVIDIA, "A100-SXM4-80GB", 81920, "smuggled", 2));

        // when
        InventoryEvent forged = TestInventory.inventory("own-a", "cn-east-yrd", devicesA.subList(0, 1));
        TestInventory.publishSigned(forged, "own-a", "a-guessed-credential-of-32-chars!");
        InventoryEvent forB = TestInventory.inventory("own-b", "cn-east-yrd", devicesA);
        TestInventory.publishSigned(forB, "own-a", credentialA);
        InventoryEvent smuggled = TestInventory.inventory("own-a", "cn-east-yrd", extra);
        TestInventory.publishSigned(smuggled, "own-a", credentialA);
        InventoryEvent moved = TestInventory.inventory("own-a", "cn-west-nm", devicesA);
        TestInventory.publishSigned(moved, "own-a", credentialA);
        InventoryEvent ghost = TestInventory.inventory("ghost", "cn-east-yrd", devicesA);
        TestInventory.publishSigned(ghost, "ghost", credentialA);

        // then: each is dead-lettered with its reason, nothing changed, and each reason is counted
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER,
                    r -> r.value() != null && r.value().contains(ghost.eventId()), Duration.ofSeconds(30));
            assertThat(reasonOf(dead, forged)).contains("does not verify with the credential of node own-a");
            assertThat(reasonOf(dead, forB)).contains("node own-a may not publish records for node own-b");
            assertThat(reasonOf(dead, smuggled)).contains("device smuggled (NVIDIA A100-SXM4-80GB)").contains("was never enrolled");
            assertThat(reasonOf(dead, moved)).contains("enrolled for op-test / cn-east-yrd / cn-east-yrd-1");
            assertThat(reasonOf(dead, ghost)).contains("node ghost is not enrolled");
        }
        assertThat(deviceCount("own-a")).isEqualTo(2);
        assertThat(deviceCount("ghost")).isZero();
        NodeEntity nodeA = QuarkusTransaction.requiringNew().call(() -> NodeEntity.findById("own-a"));
        assertThat(nodeA.region).isEqualTo("cn-east-yrd");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String reason : List.of("bad-signature", "not-owner", "unenrolled-device", "out-of-scope",
                "unknown-node")) {
            assertThat(metrics).containsPattern(
                    "computenet_scheduler_inventory_rejected_total\\{[^}]*reason=\"" + reason + "\"[^}]*} [1-9]");
        }
    }

    @Test
    void aRevokedNodesRecordsAreRejectedAndItIsNoLongerSchedulable() {
        // given
        InventoryEvent first = TestInventory.inventory("to-revoke", "cn-west-gz",
                TestInventory.devices(Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, "rev", 2));
        TestInventory.publish(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> deviceCount("to-revoke") == 2);

        // when
        given().queryParam("organisation", "op-test").queryParam("by", "operator-test")
                .post("/internal/v1/nodes/to-revoke/revoke").then().statusCode(200);
        InventoryEvent after = TestInventory.inventory("to-revoke", "cn-west-gz", first.devices().subList(0, 1));
        TestInventory.publish(after);

        // then
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER,
                    r -> r.value() != null && r.value().contains(after.eventId()), Duration.ofSeconds(30));
            assertThat(reasonOf(dead, after)).contains("node to-revoke was revoked at");
        }
        assertThat(deviceCount("to-revoke")).isEqualTo(2);
        NodeEntity node = QuarkusTransaction.requiringNew().call(() -> NodeEntity.findById("to-revoke"));
        assertThat(node.schedulable).isFalse();
    }

    private static String reasonOf(List<ConsumerRecord<String, String>> records, InventoryEvent event) {
        ConsumerRecord<String, String> r = records.stream()
                .filter(x -> x.value() != null && x.value().contains(event.eventId())).findFirst()
                .orElseThrow(() -> new AssertionError("event " + event.eventId() + " was not dead-lettered"));
        var header = r.headers().lastHeader("dead-letter-reason");
        assertThat(header).as("dead-letter-reason header").isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String reason(List<ConsumerRecord<String, String>> records, String key) {
        ConsumerRecord<String, String> r = records.stream().filter(x -> key.equals(x.key())).findFirst().orElseThrow();
        var header = r.headers().lastHeader("dead-letter-reason");
        assertThat(header).as("dead-letter-reason header on " + key).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
