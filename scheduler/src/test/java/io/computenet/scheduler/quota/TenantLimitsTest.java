package io.computenet.scheduler.quota;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** GPU-hour budgets and device quotas are enforced when a lease is requested. */
@QuarkusTest
class TenantLimitsTest {

    private final List<String[]> created = new ArrayList<>();

    @BeforeAll
    static void capacity() {
        TestInventory.publish(TestInventory.inventory("limits-node", "cn-west-gz",
                TestInventory.devices(Vendor.NVIDIA, "A100-SXM4-80GB", 81920, "limits", 4)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId", "limits-node")) == 4);
    }

    @AfterEach
    void release() {
        created.forEach(c -> given().queryParam("tenantId", c[0]).post("/internal/v1/leases/" + c[1] + "/release")
                .then().statusCode(200));
    }

    private io.restassured.response.ValidatableResponse lease(String tenant, int devices, int minutes) {
        var response = given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", tenant, "memoryGiB", 40, "deviceCount", devices, "region", "cn-west-gz",
                        "vendor", "NVIDIA", "durationMinutes", minutes, "maxWaitMinutes", 0))
                .post("/internal/v1/leases").then();
        String id = response.extract().path("leaseId");
        if (id != null) {
            created.add(new String[] {tenant, id});
        }
        return response;
    }

    @Test
    void aLeaseThatWouldOverrunTheMonthlyBudgetIsRefusedWithTheFigures() {
        // given: 2 GPU-hours a month
        given().contentType(ContentType.JSON).queryParam("by", "admin1").body(Map.of("monthlyGpuHours", 2))
                .put("/internal/v1/tenants/t-budget/limits/budget").then().statusCode(200)
                .body("monthlyGpuHours", equalTo(2.0f));

        // when / then: one device for an hour fits; two more device-hours do not
        lease("t-budget", 1, 60).statusCode(201);
        lease("t-budget", 2, 60).statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/tenant-limit-exceeded"))
                .body("reasons", hasItem(containsString("0.00 GPU-hours used and 1.00 committed of 2")));
        given().get("/internal/v1/tenants/t-budget/limits").then().statusCode(200)
                .body("committedGpuHours", equalTo(1.0f)).body("usedGpuHours", equalTo(0.0f));

        // and: without a budget there is no limit
        given().contentType(ContentType.JSON).queryParam("by", "admin1").body("{\"monthlyGpuHours\":null}")
                .put("/internal/v1/tenants/t-budget/limits/budget").then().statusCode(200)
                .body("monthlyGpuHours", nullValue());
        lease("t-budget", 2, 60).statusCode(201);
    }

    @Test
    void aLeaseIsRenewedWhileTheBudgetAllowsAndNotAfterItEnded() {
        // given
        given().contentType(ContentType.JSON).queryParam("by", "admin1").body(Map.of("monthlyGpuHours", 3))
                .put("/internal/v1/tenants/t-renew/limits/budget").then().statusCode(200);
        String id = lease("t-renew", 1, 60).statusCode(201).extract().path("leaseId");

        // when / then
        given().contentType(ContentType.JSON).queryParam("tenantId", "t-renew").body(Map.of("minutes", 60))
                .post("/internal/v1/leases/" + id + "/renew").then().statusCode(200)
                .body("durationMinutes", equalTo(120));
        given().contentType(ContentType.JSON).queryParam("tenantId", "t-renew").body(Map.of("minutes", 120))
                .post("/internal/v1/leases/" + id + "/renew").then().statusCode(409)
                .body("type", equalTo("https://computenet.io/problems/tenant-limit-exceeded"));
        given().queryParam("tenantId", "t-renew").post("/internal/v1/leases/" + id + "/release").then()
                .statusCode(200);
        given().contentType(ContentType.JSON).queryParam("tenantId", "t-renew").body(Map.of("minutes", 10))
                .post("/internal/v1/leases/" + id + "/renew").then().statusCode(409)
                .body("type", equalTo("https://computenet.io/problems/lease-ended"));
        given().contentType(ContentType.JSON).queryParam("tenantId", "someone-else").body(Map.of("minutes", 10))
                .post("/internal/v1/leases/" + id + "/renew").then().statusCode(404);
    }

    @Test
    void deviceQuotasCapWhatATenantHoldsAtOnce() {
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("region", "cn-west-gz", "maxDevices", 2)))
                .put("/internal/v1/tenants/t-quota/limits/quotas").then().statusCode(200)
                .body("quotas[0].maxDevices", equalTo(2));

        lease("t-quota", 2, 30).statusCode(201);
        lease("t-quota", 1, 30).statusCode(409)
                .body("reasons", hasItem("tenant quota for cn-west-gz would be exceeded: 2 device(s) held of 2;"
                        + " this lease needs 1"));
    }

    @Test
    void badLimitsAreRefusedNamingTheProblem() {
        given().contentType(ContentType.JSON).body(List.of(Map.of("region", "cn-west-gz", "maxDevices", 2),
                        Map.of("region", "cn-west-gz", "maxDevices", 3)))
                .put("/internal/v1/tenants/t-bad/limits/quotas").then().statusCode(400)
                .body("type", equalTo("https://computenet.io/problems/duplicate-quota"));
        given().contentType(ContentType.JSON).queryParam("by", "admin1").body(Map.of("monthlyGpuHours", -1))
                .put("/internal/v1/tenants/t-bad/limits/budget").then().statusCode(400);
    }
}
