package io.computenet.scheduler.funds;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.funds.FundsStateEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.devstack.RegionalCluster;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * The low-balance stop on the real broker, PostgreSQL and Kubernetes: billing's funds state arrives on the compacted
 * topic; a tenant without funds has its running lease ended after the grace period (Pod deleted, lease.ended at that
 * instant) and new leases and renewals refused with 402 and the figures; an older or repeated state changes nothing.
 */
@QuarkusTest
class FundsStopTest {

    private static final String WEST = "cn-west-nm";
    private static KafkaTestClient kafka;

    @Inject
    TenantFunds funds;

    @BeforeAll
    static void fleet() {
        kafka = new KafkaTestClient(RealInfraResource.kafka().superUser());
        TestInventory.publish(TestInventory.inventory("funds-node-mlu", WEST,
                TestInventory.devices(Vendor.CAMBRICON, "MLU370-X8", 23374, "fmlu", 2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId", "funds-node-mlu")) == 2);
    }

    @AfterAll
    static void disconnect() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static void announce(String tenantId, long version, String balance, List<FundsStateEvent.VoucherState> v) {
        kafka.send(Topics.FUNDS_STATE, tenantId, EventCodec.encode(FundsStateEvent.of(Instant.now(), tenantId,
                version, "CNY", new BigDecimal(balance), v)));
    }

    private static io.restassured.response.Response request(String tenantId) {
        return given().contentType(ContentType.JSON).body(Map.of("tenantId", tenantId, "memoryGiB", 16,
                "deviceCount", 1, "region", WEST, "durationMinutes", 60, "image", "registry.example/train:1"))
                .post("/internal/v1/leases");
    }

    private static String state(String tenantId, String leaseId) {
        return given().queryParam("tenantId", tenantId).get("/internal/v1/leases/" + leaseId).then().statusCode(200)
                .extract().path("state");
    }

    @Test
    void aTenantWithoutFundsHasItsLeaseEndedAfterTheGraceAndNewLeasesAndRenewalsRefusedWith402() {
        // given: a prepaid tenant with funds runs a lease
        String tenantId = "t-funds-" + UUID.randomUUID().toString().substring(0, 8);
        announce(tenantId, 1, "5.00", List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> funds.of(tenantId).isPresent());
        String leaseId = request(tenantId).then().statusCode(201).extract().path("leaseId");
        await().atMost(Duration.ofSeconds(30)).until(() -> state(tenantId, leaseId).equals("RUNNING"));

        // when: its funds are exhausted (the voucher it had left expired, the balance is below zero)
        Instant announced = Instant.now();
        announce(tenantId, 2, "-0.40", List.of(new FundsStateEvent.VoucherState("vch-old", new BigDecimal("3.00"),
                Instant.now().minusSeconds(1), null, null)));

        // then: new leases and renewals are refused with the figures
        await().atMost(Duration.ofSeconds(30)).until(() -> request(tenantId).statusCode() == 402);
        request(tenantId).then().statusCode(402).contentType(startsWith("application/problem+json"))
                .body("type", containsString("funds-exhausted"))
                .body("reasons", hasItem("balance: -0.40")).body("reasons", hasItem("currency: CNY"));
        given().contentType(ContentType.JSON).queryParam("tenantId", tenantId).body(Map.of("minutes", 10))
                .post("/internal/v1/leases/" + leaseId + "/renew").then().statusCode(402)
                .body("detail", containsString("renewing lease " + leaseId));

        // and: after the grace (3 s in tests) the lease is ended, its Pod deleted, billing told the exact end
        await().atMost(Duration.ofSeconds(30)).until(() -> state(tenantId, leaseId).equals("EXPIRED"));
        RegionalCluster west = RealInfraResource.cluster(WEST);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                west.client().pods().inNamespace("computenet-leases").withName("lease-" + leaseId).get() == null);
        LeaseEvent ended = EventCodec.decode(kafka.readUntil(Topics.LEASE_EVENTS, r -> leaseId.equals(r.key())
                        && r.value().contains("lease.ended"), Duration.ofSeconds(30)).stream()
                .filter(r -> leaseId.equals(r.key()) && r.value().contains("lease.ended")).findFirst().orElseThrow()
                .value(), LeaseEvent.class);
        assertThat(ended.reason()).isEqualTo(FundsStopJob.REASON);
        assertThat(ended.endedAt()).isAfterOrEqualTo(announced.plusSeconds(2));

        // when: a top-up arrives, then the old state again (a redelivery)
        announce(tenantId, 3, "20.00", List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> request(tenantId).statusCode() == 201);
        announce(tenantId, 2, "-0.40", List.of());
        announce(tenantId, 3, "20.00", List.of());

        // then: the newest state stays
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> funds.of(tenantId)
                .map(r -> r.funds().balance().compareTo(new BigDecimal("20.00")) == 0).orElse(false));
    }

    @Test
    void aTenantThatIsNotPrepaidIsNeverRefusedForFunds() {
        // given: no funds state for this tenant
        String tenantId = "t-postpaid-" + UUID.randomUUID().toString().substring(0, 8);

        // when / then
        String leaseId = request(tenantId).then().statusCode(201).body("tenantId", equalTo(tenantId))
                .extract().path("leaseId");
        given().queryParam("tenantId", tenantId).post("/internal/v1/leases/" + leaseId + "/release").then()
                .statusCode(200);
    }
}
