package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Requests that do not fit now wait in a queue, say why, and start when capacity frees, by priority. */
@QuarkusTest
class LeaseQueueTest {

    private static final String TENANT = "t-queue";
    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void oneCambriconCardInTheEast() {
        // the only Cambricon device in the east region in this test application
        TestInventory.publish(TestInventory.inventory("q-node", "cn-east-yrd",
                TestInventory.devices(Vendor.CAMBRICON, "MLU370-X8", 23374, "q-node", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId", "q-node")) == 1);
    }

    @AfterEach
    void releaseAll() {
        created.forEach(id -> given().queryParam("tenantId", TENANT).post("/internal/v1/leases/" + id + "/release")
                .then().statusCode(200));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId = ?1 and leaseId is not null", "q-node")) == 0);
    }

    private JsonPath request(int memoryGiB, Map<String, Object> extra, int status) {
        Map<String, Object> body = new HashMap<>(Map.of("tenantId", TENANT, "memoryGiB", memoryGiB,
                "deviceCount", 1, "region", "cn-east-yrd", "vendor", "CAMBRICON", "durationMinutes", 30));
        body.putAll(extra);
        JsonPath lease = given().contentType(ContentType.JSON).body(body).post("/internal/v1/leases").then()
                .statusCode(status).extract().jsonPath();
        if (status == 201) {
            created.add(lease.getString("leaseId"));
        }
        return lease;
    }

    private static JsonPath lease(String leaseId) {
        return given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + leaseId).then().statusCode(200)
                .extract().jsonPath();
    }

    private static void release(String leaseId) {
        given().queryParam("tenantId", TENANT).post("/internal/v1/leases/" + leaseId + "/release").then()
                .statusCode(200);
    }

    @Test
    void aLeaseThatDoesNotFitNowWaitsWithItsReasonsAndIsPlacedWhenCapacityFrees() {
        // given: the card is taken
        String first = request(16, Map.of(), 201).getString("leaseId");

        // when
        JsonPath waiting = request(16, Map.of(), 201);

        // then: it waits, saying why
        String second = waiting.getString("leaseId");
        assertThat(waiting.getString("state")).isEqualTo("QUEUED");
        assertThat(waiting.getList("pendingReasons", String.class))
                .anySatisfy(r -> assertThat(r).contains("region cn-east-yrd: none of"))
                .anySatisfy(r -> assertThat(r).contains("position 1 in the queue (priority 100)"));
        assertThat(waiting.getString("queuedUntil")).isNotNull();
        assertThat(waiting.getString("nodeId")).isNull();

        // when: the first lease ends
        release(first);

        // then: the waiting one is placed on the freed card and runs
        await().atMost(Duration.ofSeconds(30)).until(() -> lease(second).getString("state").equals("RUNNING"));
        assertThat(lease(second).getString("nodeId")).isEqualTo("q-node");
        assertThat(lease(second).getList("pendingReasons")).isEmpty();
    }

    @Test
    void higherPriorityGoesFirstFromTheQueue() {
        // given
        String running = request(16, Map.of(), 201).getString("leaseId");
        String normal = request(16, Map.of(), 201).getString("leaseId");
        JsonPath urgent = request(16, Map.of("priority", 500), 201);
        assertThat(urgent.getList("pendingReasons", String.class))
                .anySatisfy(r -> assertThat(r).contains("position 1 in the queue (priority 500)"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lease(normal)
                .getList("pendingReasons", String.class)).anySatisfy(r -> assertThat(r).contains("position 2")));

        // when
        release(running);

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> lease(urgent.getString("leaseId")).getString("state")
                .equals("RUNNING"));
        assertThat(lease(normal).getString("state")).isEqualTo("QUEUED");
    }

    @Test
    void aRequestTheFleetCouldNeverHoldOrThatWillNotWaitIsRefusedAtOnce() {
        // never: no Cambricon card in the east has 64 GiB
        given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", TENANT, "memoryGiB", 64, "deviceCount", 1, "region", "cn-east-yrd",
                        "vendor", "CAMBRICON", "durationMinutes", 30))
                .post("/internal/v1/leases").then().statusCode(409)
                .body("type", equalTo("https://computenet.io/problems/insufficient-capacity"))
                .body("reasons", hasItem(containsString("region cn-east-yrd")));

        // busy, and the caller will not wait
        request(16, Map.of(), 201);
        request(16, Map.of("maxWaitMinutes", 0), 409);
    }

    @Test
    void aQueuedLeasePastItsDeadlineFailsUnchargedAndAQueuedLeaseCanBeReleased() {
        // given
        request(16, Map.of(), 201);
        String expiring = request(16, Map.of(), 201).getString("leaseId");
        String withdrawn = request(16, Map.of(), 201).getString("leaseId");

        // when
        QuarkusTransaction.requiringNew().run(() -> LeaseEntity.update("queueDeadline = ?1 where leaseId = ?2",
                Instant.now().minusSeconds(1), expiring));
        release(withdrawn);

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> lease(expiring).getString("state").equals("FAILED"));
        assertThat(lease(expiring).getString("reason")).contains("waited in the queue until");
        assertThat(lease(expiring).getString("startedAt")).isNull();
        assertThat(lease(withdrawn).getString("state")).isEqualTo("RELEASED");
        assertThat(lease(withdrawn).getString("nodeId")).isNull();
    }
}
