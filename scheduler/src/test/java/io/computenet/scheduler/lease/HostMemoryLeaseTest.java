package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.TenantLeases;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.NodeEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
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
import static org.hamcrest.Matchers.hasItem;

/**
 * A lease's {@code hostMemoryGiB} reaches the live placement, and the host memory each node's agent reports
 * ({@code node.inventory}'s {@code hostMemoryMiB}) bounds it: under the default policy ({@code fgd-cpu-aware-learned},
 * cluster {@code policy-host-1} in the {@code %test} configuration) a node with less host memory left than asked is
 * not a candidate, and a request no node can take is told why. Node 1 reports 64 GiB, node 2 512 GiB; both have two
 * whole GPUs of a model only this cluster carries.
 */
@QuarkusTest
class HostMemoryLeaseTest {

    private static final String REGION = "cn-east-yrd";
    private static final String CLUSTER = "policy-host-1";
    private static final String MODEL = "L4 (" + CLUSTER + ")";
    private static final String TENANT = "t-host-memory";

    private final TenantLeases leases = new TenantLeases(TENANT, Map.of("memoryGiB", 4, "deviceCount", 1,
            "region", REGION, "sharing", "WHOLE", "model", MODEL, "durationMinutes", 60, "maxWaitMinutes", 0));

    @BeforeAll
    static void fleet() {
        long[] hostMemoryMiB = {64L * 1024, 512L * 1024};
        for (int n = 1; n <= 2; n++) {
            String nodeId = CLUSTER + "-node-" + n;
            List<DeviceInfo> devices = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                devices.add(new DeviceInfo(Vendor.NVIDIA, MODEL, nodeId + "-gpu-" + i, null, i, null,
                        String.format("0000:%02X:00.0", 0x50 + i), 23034, 0L, 0.0, 35.0, 60.0, DeviceHealth.OK,
                        "550.1", null, "CUDA", "12.4", List.of()));
            }
            TestInventory.publish(InventoryEvent.inventory(Instant.now(), nodeId, "op-test", REGION, CLUSTER, nodeId,
                    devices, null, 64, hostMemoryMiB[n - 1]));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> NodeEntity.count("nodeId like ?1 and hostMemoryMiB is not null", CLUSTER + "-%")) == 2);
    }

    @AfterEach
    void release() {
        leases.releaseAll();
    }

    @AfterAll
    static void revokeTheNodes() {
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
        for (int n = 1; n <= 2; n++) {
            io.computenet.devstack.testing.ServiceCalls.given().baseUri("http://localhost").port(port)
                    .queryParam("organisation", "op-test").queryParam("by", "test")
                    .post("/internal/v1/nodes/" + CLUSTER + "-node-" + n + "/revoke").then().statusCode(200);
        }
    }

    private String nodeOf(String leaseId) {
        return given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + leaseId).then().statusCode(200)
                .extract().path("nodeId");
    }

    @Test
    void aLeaseAskingMoreHostMemoryThanANodeReportsGoesToANodeThatHasIt() {
        // when a GPU with 256 GiB of host memory is asked for, twice (node 1 reports 64 GiB, node 2 512 GiB)
        String first = leases.request(Map.of("hostMemoryGiB", 256)).statusCode(201).extract().path("leaseId");
        String second = leases.request(Map.of("hostMemoryGiB", 256)).statusCode(201).extract().path("leaseId");

        // then both go to node 2, and the lease keeps what it asked for
        assertThat(nodeOf(first)).isEqualTo(CLUSTER + "-node-2");
        assertThat(nodeOf(second)).isEqualTo(CLUSTER + "-node-2");
        assertThat(QuarkusTransaction.requiringNew().call(() -> LeaseEntity.<LeaseEntity>findById(first).hostMemoryMiB))
                .isEqualTo(256L * 1024);
    }

    @Test
    void aLeaseAskingMoreHostMemoryThanAnyNodeHasLeftIsRefusedWithTheHostMemoryAsItsReason() {
        // given: node 2 has 512 - 300 = 212 GiB of host memory left, node 1 64 GiB, and a GPU free on each
        String held = leases.request(Map.of("hostMemoryGiB", 300)).statusCode(201).extract().path("leaseId");
        assertThat(nodeOf(held)).isEqualTo(CLUSTER + "-node-2");

        // when 256 GiB more is asked for
        var refused = leases.request(Map.of("hostMemoryGiB", 256));

        // then no node is a candidate, and the refusal says how much host memory was needed
        refused.statusCode(409).body("type", org.hamcrest.Matchers.endsWith("insufficient-capacity"))
                .body("reasons", hasItem("each node also needs >= 256 GiB of host memory left (under the FGD"
                        + " placement policies)"));
    }

    @Test
    void aHostMemoryOutOfBoundsIsAFieldError() {
        // when
        var tooLittle = leases.request(Map.of("hostMemoryGiB", 0));

        // then
        tooLittle.statusCode(400).body("errors.field", hasItem("hostMemoryGiB"));
    }
}
