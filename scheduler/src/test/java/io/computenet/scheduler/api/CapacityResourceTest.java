package io.computenet.scheduler.api;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.computenet.scheduler.inventory.NodeEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.common.mapper.TypeRef;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the capacity summary (the portal's offers) counts: schedulable nodes only. */
@QuarkusTest
class CapacityResourceTest {

    private static final String NODE = "node-capacity-offers";
    private static final String DRAINED = "node-capacity-drained";
    private static final String SILENT = "node-capacity-silent";
    private static final String LEASED = "node-capacity-leased";
    /** Models no other test uses, so their lines are this test's nodes alone. */
    private static final String MODEL = "L20 (capacity offers test)";
    private static final String DRAINED_MODEL = "L20 (capacity drained test)";
    private static final String SILENT_MODEL = "L20 (capacity silent test)";
    private static final String LEASED_MODEL = "L20 (capacity leased test)";

    @AfterAll
    static void remove() {
        QuarkusTransaction.requiringNew().run(() -> {
            for (String node : List.of(NODE, DRAINED, SILENT, LEASED)) {
                DeviceEntity.delete("nodeId", node);
                NodeEntity.deleteById(node);
            }
        });
    }

    private static List<Map<String, Object>> lines(String model) {
        return given().get("/internal/v1/capacity").then().statusCode(200).extract()
                .as(new TypeRef<List<Map<String, Object>>>() {
                }).stream().filter(l -> model.equals(l.get("model"))).toList();
    }

    /** Publishes a node of two free devices of the model and waits until both are on offer. */
    private static void onOffer(String node, String model) {
        TestInventory.publish(TestInventory.inventory(node, "cn-east-yrd",
                TestInventory.devices(Vendor.NVIDIA, model, 46068, node, 2)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lines(model)).singleElement()
                .satisfies(l -> assertThat(l).containsEntry("totalDevices", 2).containsEntry("freeDevices", 2)
                        .containsEntry("tier", "EAST")));
    }

    @Test
    void namesTheFrameworksEachModelRunsFromTheCapabilityTable() {
        // given: an Ascend 910B3 node (the table: CANN, PyTorch, MindSpore, DeepSpeed, vLLM, SGLang, MindIE)
        String node = "node-capacity-frameworks";
        String model = "Ascend910B3";
        TestInventory.publish(TestInventory.inventory(node, "cn-east-yrd",
                TestInventory.devices(Vendor.HUAWEI_ASCEND, model, 65536, node, 1)));
        try {
            // when / then: its line names them, the toolkit first; no NVIDIA stack among them
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lines(model))
                    .anySatisfy(l -> assertThat(l.get("frameworks")).asList().containsExactly("CANN", "PyTorch",
                            "MindSpore", "DeepSpeed", "vLLM", "SGLang", "MindIE")));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                DeviceEntity.delete("nodeId", node);
                NodeEntity.deleteById(node);
            });
        }
    }

    @Test
    void leavesARevokedNodeOutOfTheOffers() {
        // given: the node is on offer
        onOffer(NODE, MODEL);

        // when
        given().queryParam("organisation", "op-test").queryParam("by", "op-user")
                .post("/internal/v1/nodes/" + NODE + "/revoke").then().statusCode(200);

        // then: neither its free nor its total devices are counted
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lines(MODEL)).isEmpty());
    }

    @Test
    void leavesADrainedNodeOutOfTheOffers() {
        // given
        onOffer(DRAINED, DRAINED_MODEL);

        // when: its operator drains it (the deadline far off: the node is still up)
        given().contentType(ContentType.JSON).body(Map.of("deadline", Instant.now().plus(Duration.ofDays(1))
                        .toString())).queryParam("organisation", "op-test").queryParam("by", "op-user")
                .post("/internal/v1/nodes/" + DRAINED + "/drain").then().statusCode(200);

        // then
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lines(DRAINED_MODEL)).isEmpty());
    }

    @Test
    void leavesASilentNodeOutOfTheOffers() {
        // given
        onOffer(SILENT, SILENT_MODEL);

        // when: its agent has not been heard from for a day
        QuarkusTransaction.requiringNew().run(() -> NodeEntity.update("lastSeenAt = ?1 where nodeId = ?2",
                Instant.now().minus(Duration.ofDays(1)), SILENT));

        // then
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lines(SILENT_MODEL)).isEmpty());
    }

    @Test
    void anOfferLosesTheDevicesALeaseTakesAndGetsThemBackAtItsRelease() {
        // given: two free devices on offer (the summary is served from the live model, not read per request)
        onOffer(LEASED, LEASED_MODEL);
        String tenant = "t-capacity-offers";

        // when: a lease takes both
        String leaseId = given().contentType(ContentType.JSON).body(Map.of("tenantId", tenant, "memoryGiB", 8,
                        "deviceCount", 2, "region", "cn-east-yrd", "vendor", "NVIDIA", "model", LEASED_MODEL,
                        "sharing", "WHOLE", "durationMinutes", 60))
                .post("/internal/v1/leases").then().statusCode(201).extract().path("leaseId");

        // then: the offer shows none free within the summary's age (250 ms), the devices still counted
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lines(LEASED_MODEL)).singleElement()
                .satisfies(l -> assertThat(l).containsEntry("freeDevices", 0).containsEntry("totalDevices", 2)));

        // and when it is released, both are on offer again
        given().queryParam("tenantId", tenant).post("/internal/v1/leases/" + leaseId + "/release").then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lines(LEASED_MODEL)).singleElement()
                .satisfies(l -> assertThat(l).containsEntry("freeDevices", 2)));
    }
}
