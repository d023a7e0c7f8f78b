package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.computenet.scheduler.inventory.NodeEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Leases end with their node, at the last time the node was known to serve them, so billing stops there. */
@QuarkusTest
class NodeFailureLeaseTest {

    private static final String REGION = "cn-west-gz";

    private static JsonPath lease(String leaseId) {
        return given().queryParam("tenantId", "t-nodefail").get("/internal/v1/leases/" + leaseId).then()
                .statusCode(200).extract().jsonPath();
    }

    private static String runningLease(Vendor vendor, int memoryGiB) {
        String leaseId = given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", "t-nodefail", "memoryGiB", memoryGiB, "deviceCount", 1, "region", REGION,
                        "vendor", vendor.name(), "durationMinutes", 60))
                .post("/internal/v1/leases").then().statusCode(201).extract().path("leaseId");
        await().atMost(Duration.ofSeconds(30)).until(() -> lease(leaseId).getString("state").equals("RUNNING"));
        return leaseId;
    }

    private static long devicesOf(String nodeId) {
        return QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("nodeId", nodeId));
    }

    @Test
    void aNodeThatFallsSilentFailsItsLeaseAtItsLastHeartbeat() {
        // given: a lease running on an Ascend node
        TestInventory.publish(TestInventory.inventory("nf-silent", REGION,
                TestInventory.devices(Vendor.HUAWEI_ASCEND, "Ascend310P3", 21527, "nf-silent", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> devicesOf("nf-silent") == 1);
        String leaseId = runningLease(Vendor.HUAWEI_ASCEND, 16);
        assertThat(lease(leaseId).getString("nodeId")).isEqualTo("nf-silent");

        // when: the lease started 20 minutes ago and its node was last heard from 11 minutes ago (longer than the
        // test profile's 10 minute failure timeout), while other nodes are heard
        Instant lastSample = Instant.now().minus(11, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> {
            LeaseEntity.update("startedAt = ?1 where leaseId = ?2", lastSample.minus(9, ChronoUnit.MINUTES), leaseId);
            NodeEntity.update("lastSeenAt = ?1, lastEventAt = ?2 where nodeId = ?3", lastSample.plusMillis(200),
                    lastSample, "nf-silent");
        });
        TestInventory.publish(TestInventory.inventory("nf-bystander", "cn-east-yrd",
                TestInventory.devices(Vendor.NVIDIA, "GeForce RTX 4090", 24564, "nf-by", 1)));

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> lease(leaseId).getString("state").equals("FAILED"));
        JsonPath failed = lease(leaseId);
        assertThat(Instant.parse(failed.getString("endedAt"))).isEqualTo(lastSample);
        assertThat(failed.getString("reason")).contains("node nf-silent missed its heartbeats");
        assertThat(QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("leaseId", leaseId))).isZero();
    }

    @Test
    void aLeasedDeviceReportedCriticalFailsItsLeaseAtThatReport() {
        // given
        List<DeviceInfo> healthy = TestInventory.devices(Vendor.CAMBRICON, "MLU370-X8", 23374, "nf-crit", 1);
        TestInventory.publish(TestInventory.inventory("nf-critical", REGION, healthy));
        await().atMost(Duration.ofSeconds(30)).until(() -> devicesOf("nf-critical") == 1);
        String leaseId = runningLease(Vendor.CAMBRICON, 16);

        // when: the agent reports the leased device critical
        DeviceInfo d = healthy.get(0);
        DeviceInfo critical = new DeviceInfo(d.vendor(), d.model(), d.uuid(), d.serial(), d.index(), d.chipId(),
                d.busId(), d.memoryMiB(), d.memoryUsedMiB(), d.utilizationPct(), 96.0, d.powerW(),
                DeviceHealth.CRITICAL, d.driverVersion(), d.firmwareVersion(), d.toolkit(), d.toolkitVersion(),
                d.sliceProfiles());
        Instant reportedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        TestInventory.publish(InventoryEvent.heartbeat(reportedAt, "nf-critical", "op-test", REGION, REGION + "-1",
                "nf-critical", List.of(critical)));

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> lease(leaseId).getString("state").equals("FAILED"));
        JsonPath failed = lease(leaseId);
        assertThat(Instant.parse(failed.getString("endedAt"))).isEqualTo(reportedAt);
        assertThat(failed.getString("reason")).contains("reported critical health");
    }
}
