package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.TenantLeases;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Advance booking reserves whole devices for a future window; nothing placed meanwhile may run into it. */
@QuarkusTest
class AdvanceBookingTest {

    private static final String REGION = "cn-west-nm";
    /** Only this test's devices carry this model, so other tests' leases never land on them. */
    private static final String MODEL = "A100-SXM4-80GB (booking test)";
    private static final String TENANT = "t-booking";

    private final TenantLeases leases = new TenantLeases(TENANT, Map.of("memoryGiB", 40, "deviceCount", 1,
            "region", REGION, "model", MODEL, "durationMinutes", 60, "maxWaitMinutes", 0));

    @BeforeAll
    static void fleet() {
        TestInventory.publish(TestInventory.inventory("booking-node", REGION,
                TestInventory.devices(Vendor.NVIDIA, MODEL, 81920, "book", 2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId", "booking-node")) == 2);
    }

    @AfterEach
    void release() {
        leases.releaseAll();
    }

    private io.restassured.response.ValidatableResponse lease(Map<String, Object> extra) {
        return leases.request(extra);
    }

    private static Map<String, Object> view(String id) {
        return given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + id).then().statusCode(200)
                .extract().jsonPath().getMap("");
    }

    @Test
    void aBookingHoldsItsDeviceAgainstLeasesThatWouldOverlapAndStartsOnItAtItsTime() {
        // given: one GPU booked from 8 s ahead for an hour
        Instant start = Instant.now().plusSeconds(8);
        String booking = lease(Map.of("startAt", start.toString())).statusCode(201)
                .body("state", equalTo("BOOKED")).body("reservedNodeId", equalTo("booking-node"))
                .extract().path("leaseId");

        // when: leases for now ask for both GPUs, then one
        lease(Map.of("deviceCount", 2)).statusCode(409);
        String now = lease(Map.of()).statusCode(201).extract().path("leaseId");

        // then: the lease for now took the other GPU, and at its time the booking runs on the reserved one
        await().atMost(Duration.ofSeconds(30)).until(() -> !"BOOKED".equals(view(booking).get("state")));
        Map<String, Object> started = view(booking);
        assertThat(started.get("state")).isIn("SCHEDULED", "STARTING", "RUNNING");
        @SuppressWarnings("unchecked")
        List<String> bookedKeys = (List<String>) started.get("deviceKeys");
        @SuppressWarnings("unchecked")
        List<String> nowKeys = (List<String>) view(now).get("deviceKeys");
        assertThat(bookedKeys).hasSize(1).doesNotContainAnyElementsOf(nowKeys);
    }

    @Test
    void aShortLeaseMayUseBookedDevicesUntilTheBookingButCannotBeRenewedIntoIt() {
        // given: both GPUs booked from 10 minutes ahead
        lease(Map.of("deviceCount", 2, "startAt", Instant.now().plusSeconds(600).toString())).statusCode(201);

        // when: a one-minute lease now, which ends before the booking
        String shortLease = lease(Map.of("durationMinutes", 1)).statusCode(201).extract().path("leaseId");

        // then: renewing it by an hour would run into the booking
        given().contentType(ContentType.JSON).queryParam("tenantId", TENANT).body(Map.of("minutes", 60))
                .post("/internal/v1/leases/" + shortLease + "/renew").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/devices-booked"));
        // and a second booking for the same window finds nothing
        lease(Map.of("startAt", Instant.now().plusSeconds(900).toString())).statusCode(409)
                .body("reasons", hasItem(containsString("from ")));
    }

    @Test
    void aBookingCannotBeRenewedIntoTheNextBookingOfItsDevices() {
        // given: both GPUs booked for an hour from 10 minutes ahead, and again right after that hour (whole seconds:
        // PostgreSQL keeps microseconds, rounded, so a nanosecond start could end a little after the next begins)
        Instant start = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String first = lease(Map.of("deviceCount", 2, "startAt", start.toString())).statusCode(201)
                .body("state", equalTo("BOOKED")).extract().path("leaseId");
        lease(Map.of("deviceCount", 2, "startAt", start.plusSeconds(3600).toString())).statusCode(201)
                .body("state", equalTo("BOOKED"));

        // when: the first booking is renewed by a minute
        given().contentType(ContentType.JSON).queryParam("tenantId", TENANT).body(Map.of("minutes", 1))
                .post("/internal/v1/leases/" + first + "/renew")

                // then: it would run into the second, and keeps its hour
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/devices-booked"));
        assertThat(view(first).get("durationMinutes")).isIn(60, 60L);
    }

    @Test
    void aBookingInThePastOrForASliceIsRefused() {
        lease(Map.of("startAt", Instant.now().minusSeconds(60).toString())).statusCode(400)
                .body("detail", containsString("startAt"));
        lease(Map.of("startAt", Instant.now().plusSeconds(600).toString(), "computePct", 50)).statusCode(400)
                .body("detail", containsString("whole devices"));
    }
}
