package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.decision.AllocationScope;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Allocation is locked per region: while one region's allocation transaction is held open, a lease in another region
 * is placed, and a lease in the held region waits until the hold ends.
 */
@QuarkusTest
class RegionParallelAllocationTest {

    private static final String MODEL = "RegionLock-X1";
    private static final String HELD = "cn-west-nm";
    private static final String FREE = "cn-west-gz";

    @BeforeAll
    static void oneCardOfThisModelInEachOfTwoRegions() {
        TestInventory.publish(TestInventory.inventory("rl-nm", HELD,
                TestInventory.devices(Vendor.NVIDIA, MODEL, 16384, "rl-nm", 1)));
        TestInventory.publish(TestInventory.inventory("rl-gz", FREE,
                TestInventory.devices(Vendor.NVIDIA, MODEL, 16384, "rl-gz", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId in ('rl-nm', 'rl-gz')")) == 2);
    }

    private static Connection connection() throws SQLException {
        var config = ConfigProvider.getConfig();
        Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
        c.setAutoCommit(false);
        return c;
    }

    private static JsonPath lease(String tenant, String region) {
        return given().contentType(ContentType.JSON).body(Map.of("tenantId", tenant, "memoryGiB", 8,
                        "deviceCount", 1, "region", region, "model", MODEL, "durationMinutes", 30))
                .post("/internal/v1/leases").then().statusCode(201).extract().jsonPath();
    }

    /** How many transactions wait for the advisory lock with this key. */
    private static int waitingFor(long key) throws SQLException {
        try (Connection c = connection(); var s = c.prepareStatement("select count(*) from pg_locks"
                + " where locktype = 'advisory' and not granted and objsubid = 1"
                + " and ((classid::bigint << 32) | objid::bigint) = ?")) {
            s.setLong(1, key);
            try (var r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    @Test
    void anotherRegionPlacesItsLeaseWhileOneRegionsAllocationIsHeldAndTheHeldRegionWaitsForIt() throws Exception {
        long heldRegion = AllocationScope.regionKey(HELD);
        CompletableFuture<JsonPath> waiting;
        try (Connection hold = connection()) {
            // given: an allocation transaction of the held region is open (it holds that region's lock)
            try (var s = hold.prepareStatement("select pg_advisory_xact_lock(?)")) {
                s.setLong(1, heldRegion);
                s.executeQuery().close();
            }

            // when: a lease is asked for in the held region, and then one in another region by another tenant
            waiting = CompletableFuture.supplyAsync(() -> lease("t-rl-held", HELD));
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingFor(heldRegion) == 1);
            JsonPath other = lease("t-rl-free", FREE);

            // then: the other region's lease is placed meanwhile, the held region's waits
            assertThat(other.getString("nodeId")).isEqualTo("rl-gz");
            assertThat(waiting).isNotDone();
            assertThat(waitingFor(heldRegion)).isEqualTo(1);
            given().queryParam("tenantId", "t-rl-free").post("/internal/v1/leases/" + other.getString("leaseId")
                    + "/release").then().statusCode(200);

            // when: the held transaction ends
            hold.rollback();
        }

        // then: the waiting lease is placed in its region
        JsonPath placed = waiting.get(30, TimeUnit.SECONDS);
        assertThat(placed.getString("nodeId")).isEqualTo("rl-nm");
        given().queryParam("tenantId", "t-rl-held").post("/internal/v1/leases/" + placed.getString("leaseId")
                + "/release").then().statusCode(200);
    }
}
