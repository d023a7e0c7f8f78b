package io.computenet.scheduler.lease;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.api.LeaseView;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.contracts.lease.LeaseAssignment;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.devstack.RegionalCluster;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class LeaseLifecycleTest {

    @Inject
    LeaseService leaseService;

    private static final String EAST = "cn-east-yrd";

    @BeforeAll
    static void fleet() {
        TestInventory.publish(TestInventory.inventory("lease-node-910", EAST,
                TestInventory.devices(Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, "l910", 2)));
        TestInventory.publish(TestInventory.inventory("lease-node-mlu", "cn-west-nm",
                TestInventory.devices(Vendor.CAMBRICON, "MLU370-X8", 23374, "lmlu", 2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId in ?1", java.util.List.of("lease-node-910", "lease-node-mlu")))
                == 4);
    }

    private static String state(String leaseId) {
        return given().queryParam("tenantId", "t-life").get("/internal/v1/leases/" + leaseId).then().statusCode(200)
                .extract().path("state");
    }

    @Test
    void runsALeaseOnTheRegionClusterAndReleasesIt() {
        // when
        String leaseId = given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", "t-life", "memoryGiB", 40, "deviceCount", 1, "region", EAST,
                        "durationMinutes", 60, "image", "registry.example/vllm:0.6"))
                .post("/internal/v1/leases")
                .then().statusCode(201)
                .body("state", equalTo("SCHEDULED"))
                .body("vendor", equalTo("HUAWEI_ASCEND"))
                .body("deviceModel", equalTo("Ascend910B3"))
                .extract().path("leaseId");
        String nodeId = given().queryParam("tenantId", "t-life").get("/internal/v1/leases/" + leaseId).then()
                .extract().path("nodeId");

        // then: the Pod exists in the east cluster with the Ascend resource, and the lease runs
        RegionalCluster east = RealInfraResource.cluster(EAST);
        await().atMost(Duration.ofSeconds(20)).until(() -> state(leaseId).equals("RUNNING"));
        Pod pod = east.client().pods().inNamespace("computenet-leases").withName("lease-" + leaseId).get();
        assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
                .containsKey("huawei.com/Ascend910B3");
        assertThat(pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchFields().get(0).getValues()).containsExactly(nodeId);
        assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/vllm:0.6");

        // when
        given().queryParam("tenantId", "t-life").post("/internal/v1/leases/" + leaseId + "/release")
                .then().statusCode(200).body("state", equalTo("RELEASED"));

        // then: the Pod goes, the devices are free, and started/ended events were published in order
        await().atMost(Duration.ofSeconds(20)).until(() ->
                east.client().pods().inNamespace("computenet-leases").withName("lease-" + leaseId).get() == null);
        assertThat(QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("leaseId", leaseId))).isZero();
        await("the Pod's deletion is recorded, so it is not deleted again").atMost(Duration.ofSeconds(10))
                .until(() -> QuarkusTransaction.requiringNew().call(() -> LeaseEntity.<LeaseEntity>findById(leaseId))
                        .podDeleted);
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            var records = kafka.readUntil(Topics.LEASE_EVENTS, r -> r.value().contains("lease.ended")
                    && leaseId.equals(r.key()), Duration.ofSeconds(30));
            var events = records.stream().filter(r -> leaseId.equals(r.key()))
                    .map(r -> EventCodec.decode(r.value(), LeaseEvent.class)).toList();
            assertThat(events).extracting(LeaseEvent::type)
                    .containsExactly("lease.scheduled", "lease.started", "lease.ended");
            LeaseEvent ended = events.get(2);
            assertThat(ended.startedAt()).isNotNull();
            assertThat(ended.endedAt()).isAfterOrEqualTo(ended.startedAt());
            assertThat(ended.deviceModel()).isEqualTo("Ascend910B3");

            // and the node's agent was told which of its devices serve the lease, keyed by node, without the tenant
            var assignments = kafka.readUntil(Topics.LEASE_ASSIGNMENTS, r -> r.value().contains(leaseId)
                    && r.value().contains(LeaseAssignment.TYPE_UNASSIGNED), Duration.ofSeconds(30)).stream()
                    .filter(r -> r.value().contains(leaseId)).toList();
            assertThat(assignments).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo(nodeId);
                assertThat(r.value()).doesNotContain("t-life");
            });
            assertThat(assignments).extracting(r -> EventCodec.decode(r.value(), LeaseAssignment.class))
                    .extracting(LeaseAssignment::type)
                    .containsExactly(LeaseAssignment.TYPE_ASSIGNED, LeaseAssignment.TYPE_UNASSIGNED);
            assertThat(EventCodec.decode(assignments.get(0).value(), LeaseAssignment.class).deviceKeys())
                    .isEqualTo(ended.deviceKeys());
        }
    }

    @Test
    void releasingTwiceChangesNothing() {
        // given
        String leaseId = given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", "t-life", "memoryGiB", 16, "deviceCount", 1, "region", "cn-west-nm",
                        "durationMinutes", 5))
                .post("/internal/v1/leases").then().statusCode(201).extract().path("leaseId");
        String endedAt = given().queryParam("tenantId", "t-life").post("/internal/v1/leases/" + leaseId + "/release")
                .then().statusCode(200).extract().path("endedAt");

        // when / then
        given().queryParam("tenantId", "t-life").post("/internal/v1/leases/" + leaseId + "/release")
                .then().statusCode(200).body("state", equalTo("RELEASED")).body("endedAt", equalTo(endedAt));
    }

    @Test
    void releasesALeaseThisTransactionReadBeforeAnotherChangedIt() {
        // given: a lease read in a transaction, then changed by another one (as the Pod watch marks a replica ready)
        String leaseId = given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", "t-life", "memoryGiB", 16, "deviceCount", 1, "region", "cn-west-nm",
                        "durationMinutes", 5))
                .post("/internal/v1/leases").then().statusCode(201).extract().path("leaseId");

        // when
        LeaseState ended = QuarkusTransaction.requiringNew().call(() -> {
            LeaseEntity readBefore = LeaseEntity.findById(leaseId);
            long versionRead = readBefore.version;
            QuarkusTransaction.requiringNew().run(() -> LeaseEntity.<LeaseEntity>findById(leaseId).replicaReady = true);
            LeaseView released = leaseService.release(leaseId, "t-life");
            assertThat(readBefore.version).as("the row is re-read").isGreaterThan(versionRead);
            return released.state();
        });

        // then: released on the current row, no stale-state error
        assertThat(ended).isEqualTo(LeaseState.RELEASED);
        assertThat(state(leaseId)).isEqualTo("RELEASED");
    }

    @Test
    void failsALeaseWhoseWorkloadNeverStartsWithoutStartingMetering() {
        // when
        String leaseId = given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", "t-life", "memoryGiB", 8, "deviceCount", 1, "region", "cn-west-nm",
                        "durationMinutes", 30, "image", "registry.example/" + RegionalCluster.UNPULLABLE_IMAGE_MARKER))
                .post("/internal/v1/leases").then().statusCode(201).extract().path("leaseId");

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> state(leaseId).equals("FAILED"));
        given().queryParam("tenantId", "t-life").get("/internal/v1/leases/" + leaseId).then()
                .body("startedAt", org.hamcrest.Matchers.nullValue())
                .body("reason", containsString("did not start within 4 s"))
                .body("reason", containsString("ErrImagePull"));
    }

    @Test
    void rejectsWithReasonsWhenNothingFits() {
        given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", "t-life", "memoryGiB", 200, "deviceCount", 1, "region", EAST,
                        "durationMinutes", 60))
                .post("/internal/v1/leases")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/insufficient-capacity"))
                .body("reasons", hasItem(containsString("region cn-east-yrd: none of")));
    }

    @Test
    void rejectsMalformedRequestsNamingTheField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", "t-life", "memoryGiB", -3, "deviceCount", 1, "durationMinutes", 60))
                .post("/internal/v1/leases")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("memoryGiB"));
        given().contentType(ContentType.JSON)
                .body("{\"tenantId\":\"t\",\"memoryGiB\":8,\"deviceCount\":1,\"durationMinutes\":5,\"vendor\":\"ACME\"}")
                .post("/internal/v1/leases")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("vendor"));
    }

    @Test
    void timesWhereALeaseRequestSpendsItsTime() {
        // given
        java.util.List<String> timers = java.util.List.of("computenet_scheduler_allocation_lock_wait_seconds",
                "computenet_scheduler_allocation_lock_held_seconds", "computenet_scheduler_admission_seconds",
                "computenet_scheduler_snapshot_seconds", "computenet_scheduler_placement_seconds");
        Map<String, Double> before = requestCounts(timers);

        // when
        given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", "t-life", "memoryGiB", 8, "deviceCount", 1, "durationMinutes", 5))
                .post("/internal/v1/leases").then().statusCode(201);

        // then: every timer of the request path counted it, with histogram buckets for percentiles
        Map<String, Double> after = requestCounts(timers);
        for (String timer : timers) {
            assertThat(after.get(timer)).as(timer).isGreaterThanOrEqualTo(before.get(timer) + 1);
        }
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("computenet_scheduler_placement_seconds_bucket{");
    }

    /** The {@code _count} of each timer's {@code path="request"} series at {@code /q/metrics} (0 when absent). */
    private static Map<String, Double> requestCounts(java.util.List<String> timers) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> counts = new java.util.HashMap<>();
        for (String timer : timers) {
            counts.put(timer, metrics.lines()
                    .filter(l -> l.startsWith(timer + "_count{") && l.contains("path=\"request\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum());
        }
        return counts;
    }

    @Test
    void hidesOtherTenantsLeases() {
        // given
        String leaseId = given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", "t-owner", "memoryGiB", 8, "deviceCount", 1, "durationMinutes", 5))
                .post("/internal/v1/leases").then().statusCode(201).extract().path("leaseId");

        // then
        given().queryParam("tenantId", "t-intruder").post("/internal/v1/leases/" + leaseId + "/release")
                .then().statusCode(404).contentType("application/problem+json");
        given().queryParam("tenantId", "t-owner").post("/internal/v1/leases/" + leaseId + "/release")
                .then().statusCode(200);
    }
}
