package io.computenet.scheduler.identity;

import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node's device model and memory are fixed at enrolment, on the real broker and database: an enrolled RTX 4090
 * re-reported as an H100 is refused, counted, dead-lettered, kept as enrolled, and shown to the operator.
 */
@QuarkusTest
class DeviceClaimsInventoryTest {

    private static List<DeviceEntity> devices(String nodeId) {
        return QuarkusTransaction.requiringNew().call(() -> DeviceEntity.list("nodeId = ?1 order by deviceKey",
                nodeId));
    }

    @Test
    void anEnrolledRtx4090ReReportedAsAnH100IsRefusedCountedAndShownToTheOperator() {
        // given: a node enrolled with two RTX 4090s, its inventory applied
        List<DeviceInfo> enrolled = TestInventory.devices(Vendor.NVIDIA, "GeForce RTX 4090", 24564, "claim", 2);
        TestInventory.publish(TestInventory.inventory("claim-4090", "cn-east-yrd", enrolled));
        await().atMost(Duration.ofSeconds(30)).until(() -> devices("claim-4090").size() == 2);

        // when: it reports the first one as an H100 (a full inventory) and the second with twice its memory
        List<DeviceInfo> lie = List.of(
                TestInventory.device(Vendor.NVIDIA, "H100 80GB HBM3", 81559, "claim-0", 0), enrolled.get(1));
        InventoryEvent asH100 = TestInventory.inventory("claim-4090", "cn-east-yrd", lie);
        TestInventory.publish(asH100);
        InventoryEvent bigger = InventoryEvent.heartbeat(asH100.occurredAt().plusSeconds(1), "claim-4090", "op-test",
                "cn-east-yrd", "cn-east-yrd-1", "claim-4090", List.of(enrolled.get(0),
                        TestInventory.device(Vendor.NVIDIA, "GeForce RTX 4090", 49128, "claim-1", 1)));
        TestInventory.publish(bigger);

        // then: both records are refused with the reported and enrolled values
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER,
                    r -> r.value() != null && r.value().contains(bigger.eventId()), Duration.ofSeconds(30));
            assertThat(reasonOf(dead, asH100)).contains("claim-0: enrolled NVIDIA GeForce RTX 4090 24564 MiB,"
                    + " reported NVIDIA H100 80GB HBM3 81559 MiB");
            assertThat(reasonOf(dead, bigger)).contains("claim-1: enrolled NVIDIA GeForce RTX 4090 24564 MiB,"
                    + " reported NVIDIA GeForce RTX 4090 49128 MiB");
        }
        // and: the devices keep their enrolled model and memory: nothing is offered as an H100
        assertThat(devices("claim-4090")).extracting(d -> d.model + " " + d.memoryMiB)
                .containsExactly("GeForce RTX 4090 24564", "GeForce RTX 4090 24564");
        // and: counted
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern(
                "computenet_scheduler_inventory_rejected_total\\{[^}]*reason=\"device-changed\"[^}]*} [2-9]");
        // and: the operator's node view shows each device's enrolled and reported values
        JsonPath nodes = given().queryParam("organisation", "op-test").get("/internal/v1/nodes")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> mismatches = nodes.getList("find { it.nodeId == 'claim-4090' }.deviceMismatches");
        assertThat(mismatches).hasSize(2);
        assertThat(mismatches.get(0)).containsEntry("deviceKey", "claim-0")
                .containsEntry("enrolledModel", "GeForce RTX 4090").containsEntry("enrolledMemoryMiB", 24564)
                .containsEntry("reportedModel", "H100 80GB HBM3").containsEntry("reportedMemoryMiB", 81559)
                .containsEntry("records", 1);
        assertThat(mismatches.get(1)).containsEntry("deviceKey", "claim-1")
                .containsEntry("reportedModel", "GeForce RTX 4090").containsEntry("reportedMemoryMiB", 49128);
    }

    @Test
    void aNodeReportingItsEnrolledDevicesShowsNoMismatch() {
        // given / when
        TestInventory.publish(TestInventory.inventory("claim-honest", "cn-west-gz",
                TestInventory.devices(Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, "honest", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> devices("claim-honest").size() == 1);

        // then
        JsonPath nodes = given().queryParam("organisation", "op-test").get("/internal/v1/nodes")
                .then().statusCode(200).extract().jsonPath();
        assertThat(nodes.getList("find { it.nodeId == 'claim-honest' }.deviceMismatches")).isEmpty();
    }

    private static String reasonOf(List<ConsumerRecord<String, String>> records, InventoryEvent event) {
        ConsumerRecord<String, String> r = records.stream()
                .filter(x -> x.value() != null && x.value().contains(event.eventId())).findFirst()
                .orElseThrow(() -> new AssertionError("event " + event.eventId() + " was not dead-lettered"));
        return new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }
}
