package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.devstack.RegionalCluster;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.TenantLeases;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.computenet.scheduler.kubernetes.ClusterNodes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A lease whose Pod cannot be created gives its devices back instead of holding them for ever: on a node whose
 * enrolled Kubernetes node name is not a Node of its cluster it fails at once; in a region whose API server refuses
 * the scheduler's credentials it fails after the start timeout (4 s in tests), with the region named, and the
 * readiness check names the region too.
 */
@QuarkusTest
class ClusterAccessLeaseTest {

    private static final String REGION = "cn-west-gz";
    private static final String TENANT = "t-cluster-access";

    @Inject
    ClusterNodes clusterNodes;

    private final TenantLeases leases = new TenantLeases(TENANT, Map.of("memoryGiB", 40, "deviceCount", 1,
            "region", REGION, "durationMinutes", 60, "maxWaitMinutes", 0));

    @AfterEach
    void release() {
        leases.releaseAll();
    }

    /** A node of one device of a model only it has, enrolled and registered as a Node of the region's cluster. */
    private static String node(String name, String model) {
        TestInventory.publish(TestInventory.inventory(name, REGION,
                TestInventory.devices(Vendor.NVIDIA, model, 81920, name, 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId", name)) == 1);
        return model;
    }

    private static Map<String, Object> view(String leaseId) {
        return given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + leaseId).then().statusCode(200)
                .extract().jsonPath().getMap("");
    }

    @Test
    void aLeaseOnANodeThatIsNotANodeOfItsClusterFailsAtOnceSayingSo() {
        // given: a node enrolled as Kubernetes node "ghost-node", whose Node is then deleted
        String model = node("ghost-node", "H100 (ghost-node test)");
        RealInfraResource.cluster(REGION).client().nodes().withName("ghost-node").delete();
        clusterNodes.refresh(REGION);

        // when
        String leaseId = leases.request(Map.of("model", model)).statusCode(201).extract().path("leaseId");

        // then: failed before any Pod was made, with the reason, and its device free again
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(view(leaseId).get("state")));
        assertThat((String) view(leaseId).get("reason")).contains("ghost-node")
                .contains("is not a Node of region " + REGION);
        assertThat(RealInfraResource.cluster(REGION).client().pods().inNamespace("computenet-leases")
                .withName("lease-" + leaseId).get()).isNull();
        leases.request(Map.of("model", model)).statusCode(201); // the device can be leased again
    }

    @Test
    void aRegionRefusingTheSchedulersCredentialsFailsItsLeasesAfterTheStartTimeoutAndIsNotReady() {
        // given: a node in the region, then the region's API server accepting another token only (rotated)
        String model = node("refused-node", "H100 (refused-node test)");
        RegionalCluster cluster = RealInfraResource.cluster(REGION);
        cluster.accept("rotated-" + UUID.randomUUID());
        try {
            assertThat(clusterNodes.refresh(REGION).refused()).isTrue();

            // when
            String leaseId = leases.request(Map.of("model", model)).statusCode(201)
                    .body("state", equalTo("SCHEDULED")).extract().path("leaseId");

            // then: readiness is down, naming the region and what to fix
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'kubernetes-clusters' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'kubernetes-clusters' }.data.'" + REGION + "'",
                            containsString("refused the scheduler's credentials (401"));
            // and the lease fails once its start timeout has passed, saying why
            await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(view(leaseId).get("state")));
            assertThat((String) view(leaseId).get("reason")).startsWith("workload could not be created within 4 s")
                    .contains("region " + REGION).contains("401");
        } finally {
            cluster.accept(cluster.token());
            clusterNodes.refresh(REGION);
        }
        given().get("/q/health/ready").then().statusCode(200);
    }
}
