package io.computenet.scheduler.api;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.computenet.scheduler.inventory.NodeEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.common.mapper.TypeRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the capacity summary (the portal's offers) counts: schedulable nodes only. */
@QuarkusTest
class CapacityResourceTest {

    private static final String NODE = "node-capacity-offers";
    /** A model no other test uses, so its lines are this test's node alone. */
    private static final String MODEL = "L20 (capacity offers test)";

    @AfterAll
    static void remove() {
        QuarkusTransaction.requiringNew().run(() -> {
            DeviceEntity.delete("nodeId", NODE);
            NodeEntity.deleteById(NODE);
        });
    }

    private static List<Map<String, Object>> lines() {
        return given().get("/internal/v1/capacity").then().statusCode(200).extract()
                .as(new TypeRef<List<Map<String, Object>>>() {
                }).stream().filter(l -> MODEL.equals(l.get("model"))).toList();
    }

    @Test
    void leavesARevokedNodeOutOfTheOffers() {
        // given: the node is on offer
        TestInventory.publish(TestInventory.inventory(NODE, "cn-east-yrd",
                TestInventory.devices(Vendor.NVIDIA, MODEL, 46068, NODE, 2)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lines()).singleElement()
                .satisfies(l -> assertThat(l).containsEntry("totalDevices", 2).containsEntry("freeDevices", 2)));

        // when
        given().queryParam("organisation", "op-test").queryParam("by", "op-user")
                .post("/internal/v1/nodes/" + NODE + "/revoke").then().statusCode(200);

        // then: neither its free nor its total devices are counted
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lines()).isEmpty());
    }
}
