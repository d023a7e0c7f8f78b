package io.computenet.scheduler.lease;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An on-demand lease preempts an interruptible one when nothing else fits, and the preemption is published. */
@QuarkusTest
class PreemptionLeaseTest {

    private static final String TENANT = "t-preempt";

    @BeforeAll
    static void oneBigGpu() {
        // the only device in this test application with more than 100 GiB
        TestInventory.publish(TestInventory.inventory("pre-node", "cn-east-yrd",
                TestInventory.devices(Vendor.NVIDIA, "H200", 143771, "pre-node", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId", "pre-node")) == 1);
    }

    private static JsonPath request(Map<String, Object> extra, int status) {
        Map<String, Object> body = new HashMap<>(Map.of("tenantId", TENANT, "memoryGiB", 120, "deviceCount", 1,
                "region", "cn-east-yrd", "durationMinutes", 30));
        body.putAll(extra);
        return given().contentType(ContentType.JSON).body(body).post("/internal/v1/leases").then().statusCode(status)
                .extract().jsonPath();
    }

    private static JsonPath lease(String id) {
        return given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void anOnDemandLeasePreemptsAnInterruptibleOneButNotTheOtherWayRound() {
        // given: an interruptible lease runs on the big GPU
        String cheap = request(Map.of("interruptible", true), 201).getString("leaseId");
        await().atMost(Duration.ofSeconds(30)).until(() -> lease(cheap).getString("state").equals("RUNNING"));

        // when: another interruptible lease asks: it cannot preempt, it waits
        JsonPath alsoCheap = request(Map.of("interruptible", true, "maxWaitMinutes", 0), 409);
        assertThat(alsoCheap.getString("type")).endsWith("insufficient-capacity");

        // when: an on-demand lease asks
        JsonPath onDemand = request(Map.of(), 201);

        // then: it is placed on the big GPU, and the interruptible lease was preempted, with a published notice
        assertThat(onDemand.getString("state")).isEqualTo("SCHEDULED");
        assertThat(onDemand.getString("nodeId")).isEqualTo("pre-node");
        JsonPath preempted = lease(cheap);
        assertThat(preempted.getString("state")).isEqualTo("PREEMPTED");
        assertThat(preempted.getString("reason")).contains("preempted by on-demand lease "
                + onDemand.getString("leaseId"));
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            var records = kafka.readUntil(Topics.LEASE_EVENTS, r -> cheap.equals(r.key())
                    && r.value().contains("lease.ended"), Duration.ofSeconds(30));
            LeaseEvent ended = records.stream().filter(r -> cheap.equals(r.key()) && r.value().contains("lease.ended"))
                    .map(r -> EventCodec.decode(r.value(), LeaseEvent.class)).findFirst().orElseThrow();
            assertThat(ended.state().name()).isEqualTo("PREEMPTED");
            assertThat(ended.startedAt()).isNotNull();
            assertThat(ended.endedAt()).isAfterOrEqualTo(ended.startedAt());
        }

        // and: an on-demand lease is never preempted
        request(Map.of("maxWaitMinutes", 0, "priority", 900), 409);
        given().queryParam("tenantId", TENANT).post("/internal/v1/leases/" + onDemand.getString("leaseId")
                + "/release").then().statusCode(200);
    }
}
