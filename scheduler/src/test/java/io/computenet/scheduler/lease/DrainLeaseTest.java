package io.computenet.scheduler.lease;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.computenet.scheduler.inventory.NodeEntity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * An operator drains a node with a deadline: it takes no new leases from then on, its leases run until the deadline
 * and end exactly there (billing stops there), and undraining returns it to service.
 */
@QuarkusTest
class DrainLeaseTest {

    private static final String TENANT = "t-drain";
    private static final String REGION = "cn-west-gz";
    private static final String NODE = "drain-node";
    /** The organisation {@link TestInventory} enrols its nodes for. */
    private static final String ORGANISATION = "op-test";
    /** The only devices of this model in the test application. */
    private static final String MODEL = "Ascend910B4";

    @Inject
    Scheduler scheduler;
    @Inject
    MeterRegistry metrics;

    @BeforeAll
    static void aNodeWithTwoDevices() {
        TestInventory.publish(TestInventory.inventory(NODE, REGION,
                TestInventory.devices(Vendor.HUAWEI_ASCEND, MODEL, 32768, NODE, 2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId", NODE)) == 2);
    }

    @AfterAll
    static void revokeTheNode() {
        // so that no later test class is placed on it (RestAssured is no longer pointed at the application here)
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
        given().baseUri("http://localhost").port(port)
                .queryParam("organisation", ORGANISATION).queryParam("by", "test")
                .post("/internal/v1/nodes/" + NODE + "/revoke").then().statusCode(200);
    }

    private static JsonPath request(Map<String, Object> extra, int status) {
        Map<String, Object> body = new HashMap<>(Map.of("tenantId", TENANT, "memoryGiB", 24, "deviceCount", 1,
                "region", REGION, "vendor", "HUAWEI_ASCEND", "model", MODEL, "sharing", "WHOLE",
                "durationMinutes", 60));
        body.putAll(extra);
        return given().contentType(ContentType.JSON).body(body).post("/internal/v1/leases").then()
                .statusCode(status).extract().jsonPath();
    }

    private static JsonPath lease(String leaseId) {
        return given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + leaseId).then().statusCode(200)
                .extract().jsonPath();
    }

    private static String state(String leaseId) {
        return lease(leaseId).getString("state");
    }

    private static JsonPath node() {
        return given().queryParam("organisation", ORGANISATION).get("/internal/v1/nodes").then().statusCode(200)
                .extract().jsonPath().setRootPath("find { it.nodeId == '" + NODE + "' }");
    }

    private double drained(String state) {
        Counter counter = metrics.find("computenet.scheduler.leases.drained").tag("state", state).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aDrainedNodeTakesNoNewLeasesAndEndsItsLeasesExactlyAtTheDeadline() {
        // given: an on-demand and an interruptible lease run on the node's two devices, and a third waits for one
        String onDemand = request(Map.of(), 201).getString("leaseId");
        String interruptible = request(Map.of("interruptible", true), 201).getString("leaseId");
        await().atMost(Duration.ofSeconds(30)).until(() -> state(onDemand).equals("RUNNING")
                && state(interruptible).equals("RUNNING"));
        assertThat(lease(onDemand).getString("nodeId")).isEqualTo(NODE);
        String queued = request(Map.of("interruptible", true, "maxWaitMinutes", 10), 201).getString("leaseId");
        assertThat(state(queued)).isEqualTo("QUEUED");
        double failedBefore = drained("failed");
        double preemptedBefore = drained("preempted");

        // when: the operator drains the node a few seconds ahead, and the reconciler will be late: its tick does
        // not run again until a while after the deadline
        Instant deadline = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.MILLIS);
        given().contentType(ContentType.JSON).body(Map.of("deadline", deadline.toString()))
                .queryParam("organisation", ORGANISATION).queryParam("by", "op-alice")
                .post("/internal/v1/nodes/" + NODE + "/drain").then().statusCode(200)
                .body("drain.state", equalTo("DRAINING")).body("drain.by", equalTo("op-alice"))
                .body("drain.deadline", equalTo(deadline.toString()));
        scheduler.pause(LeaseReconciler.TICK);
        try {
            // then: the leases on it are told when they end, and run on meanwhile
            assertThat(node().getString("drain.state")).isEqualTo("DRAINING");
            JsonPath running = lease(onDemand);
            assertThat(running.getString("state")).isEqualTo("RUNNING");
            assertThat(Instant.parse(running.getString("drainDeadline"))).isEqualTo(deadline);
            assertThat(Instant.parse(lease(interruptible).getString("drainDeadline"))).isEqualTo(deadline);
            // and once the node's agent has reported again (a heartbeat or inventory does not undo a drain), a new
            // on-demand request, which would have preempted the interruptible lease, is not placed there
            InventoryEvent report = TestInventory.inventory(NODE, REGION,
                    TestInventory.devices(Vendor.HUAWEI_ASCEND, MODEL, 32768, NODE, 2));
            TestInventory.publish(report);
            await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                    !NodeEntity.<NodeEntity>findById(NODE).lastEventAt.isBefore(report.occurredAt()
                            .truncatedTo(ChronoUnit.MICROS))));
            JsonPath refused = request(Map.of("maxWaitMinutes", 0), 409);
            assertThat(refused.getString("type")).endsWith("insufficient-capacity");
            assertThat(refused.getList("reasons", String.class)).anyMatch(r -> r.contains("draining"));

            await().atMost(Duration.ofSeconds(40)).until(() -> Instant.now().isAfter(deadline.plusSeconds(2)));
            assertThat(state(onDemand)).isEqualTo("RUNNING");
        } finally {
            scheduler.resume(LeaseReconciler.TICK);
        }

        // then: both leases end at the deadline, not when the tick ran: on-demand failed, interruptible preempted
        await().atMost(Duration.ofSeconds(20)).until(() -> state(onDemand).equals("FAILED")
                && state(interruptible).equals("PREEMPTED"));
        JsonPath failed = lease(onDemand);
        assertThat(Instant.parse(failed.getString("endedAt"))).isEqualTo(deadline);
        assertThat(failed.getString("reason")).isEqualTo("node drained by operator op-alice at " + deadline);
        assertThat(failed.getString("drainDeadline")).isNull();
        assertThat(Instant.parse(lease(interruptible).getString("endedAt"))).isEqualTo(deadline);
        assertThat(QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("nodeId = ?1 and leaseId is null",
                NODE))).isEqualTo(2);
        assertThat(drained("failed") - failedBefore).isEqualTo(1);
        assertThat(drained("preempted") - preemptedBefore).isEqualTo(1);
        assertThat(node().getString("drain.state")).isEqualTo("DRAINED");
        // and the end is published with the deadline as its end time, so billing stops there
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            var records = kafka.readUntil(Topics.LEASE_EVENTS, r -> onDemand.equals(r.key())
                    && r.value().contains("lease.ended"), Duration.ofSeconds(30));
            LeaseEvent ended = records.stream().filter(r -> onDemand.equals(r.key())
                            && r.value().contains("lease.ended"))
                    .map(r -> EventCodec.decode(r.value(), LeaseEvent.class)).findFirst().orElseThrow();
            assertThat(ended.state().name()).isEqualTo("FAILED");
            assertThat(ended.endedAt()).isEqualTo(deadline);
            assertThat(ended.startedAt()).isBefore(deadline);
        }
        // and the waiting lease is not placed on the drained node although its devices are free now
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> state(queued).equals("QUEUED"));

        // when: the operator undrains the node
        given().queryParam("organisation", ORGANISATION).queryParam("by", "op-alice")
                .delete("/internal/v1/nodes/" + NODE + "/drain").then().statusCode(200)
                .body("drain", org.hamcrest.Matchers.nullValue());

        // then: it takes leases again: the waiting one first
        await().atMost(Duration.ofSeconds(20)).until(() -> !state(queued).equals("QUEUED"));
        assertThat(lease(queued).getString("nodeId")).isEqualTo(NODE);
        given().queryParam("tenantId", TENANT).post("/internal/v1/leases/" + queued + "/release").then()
                .statusCode(200);
    }

    @Test
    void undrainingBeforeTheDeadlineWithdrawsTheNoticeAndTheLeaseRunsOn() {
        // given: a lease on a node drained an hour ahead
        String leaseId = request(Map.of(), 201).getString("leaseId");
        await().atMost(Duration.ofSeconds(30)).until(() -> state(leaseId).equals("RUNNING"));
        given().contentType(ContentType.JSON).body(Map.of("minutes", 60))
                .queryParam("organisation", ORGANISATION).queryParam("by", "op-bob")
                .post("/internal/v1/nodes/" + NODE + "/drain").then().statusCode(200)
                .body("drain.state", equalTo("DRAINING"));
        assertThat(lease(leaseId).getString("drainDeadline")).isNotNull();
        // and: while the node drains, the lease cannot be renewed past its notice
        given().contentType(ContentType.JSON).body(Map.of("minutes", 30)).queryParam("tenantId", TENANT)
                .post("/internal/v1/leases/" + leaseId + "/renew").then().statusCode(409)
                .body("type", equalTo("https://computenet.io/problems/node-draining"))
                .body("detail", org.hamcrest.Matchers.containsString("cannot be renewed"));

        // when
        given().queryParam("organisation", ORGANISATION).queryParam("by", "op-bob")
                .delete("/internal/v1/nodes/" + NODE + "/drain").then().statusCode(200);

        // then: the notice is gone, the lease runs, and the node takes a new lease
        JsonPath running = lease(leaseId);
        assertThat(running.getString("state")).isEqualTo("RUNNING");
        assertThat(running.getString("drainDeadline")).isNull();
        assertThat(node().getString("drain")).isNull();
        given().contentType(ContentType.JSON).body(Map.of("minutes", 30)).queryParam("tenantId", TENANT)
                .post("/internal/v1/leases/" + leaseId + "/renew").then().statusCode(200);
        String next = request(Map.of("maxWaitMinutes", 0), 201).getString("leaseId");
        assertThat(lease(next).getString("nodeId")).isEqualTo(NODE);
        for (String id : new String[] {leaseId, next}) {
            given().queryParam("tenantId", TENANT).post("/internal/v1/leases/" + id + "/release").then()
                    .statusCode(200);
        }
    }

    @Test
    void refusesADrainWhoseDeadlineIsPastTooFarAheadOrUnreadableNamingTheField() {
        Instant now = Instant.now();
        Map<Map<String, Object>, String> bad = Map.of(
                Map.of("deadline", now.minusSeconds(60).toString()), "deadline",
                Map.of("deadline", now.plus(Duration.ofDays(8)).toString()), "deadline",
                Map.of("deadline", "tomorrow"), "deadline",
                Map.of("minutes", 0), "minutes",
                Map.of(), "deadline");
        bad.forEach((body, field) -> given().contentType(ContentType.JSON).body(body)
                .queryParam("organisation", ORGANISATION).queryParam("by", "op-alice")
                .post("/internal/v1/nodes/" + NODE + "/drain").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/invalid-request"))
                .body("errors.field", hasItem(field)));
        assertThat(node().getString("drain")).isNull();
    }

    @Test
    void anOperatorCannotDrainOrUndrainAnotherOrganisationsNode() {
        given().contentType(ContentType.JSON).body(Map.of("minutes", 30))
                .queryParam("organisation", "op-other").queryParam("by", "intruder")
                .post("/internal/v1/nodes/" + NODE + "/drain").then().statusCode(404)
                .body("type", equalTo("https://computenet.io/problems/node-not-found"));
        given().queryParam("organisation", "op-other").queryParam("by", "intruder")
                .delete("/internal/v1/nodes/" + NODE + "/drain").then().statusCode(404);
        assertThat(node().getString("drain")).isNull();
    }
}
