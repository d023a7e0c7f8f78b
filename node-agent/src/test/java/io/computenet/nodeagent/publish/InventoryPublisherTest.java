package io.computenet.nodeagent.publish;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
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
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "agent"))
class InventoryPublisherTest {

    @Test
    void publishesTheFleetInventoryKeyedByNodeThenHeartbeats() {
        // when the agent has started: then it becomes ready once Kafka acknowledged every node's inventory
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().bootstrapServers())) {
            Set<String> seen = new java.util.HashSet<>();
            var records = kafka.readUntil(Topics.INVENTORY, r -> {
                seen.add(r.value().contains("node.heartbeat") ? "heartbeat" : r.key());
                return seen.size() == 7;
            }, Duration.ofSeconds(30));
            var events = records.stream().map(r -> {
                InventoryEvent e = EventCodec.decode(r.value(), InventoryEvent.class);
                assertThat(r.key()).isEqualTo(e.nodeId());
                return e;
            }).toList();
            Set<String> inventoried = events.stream().filter(e -> e.type().equals("node.inventory"))
                    .map(InventoryEvent::nodeId).collect(Collectors.toSet());
            assertThat(inventoried).hasSize(6);
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
}
