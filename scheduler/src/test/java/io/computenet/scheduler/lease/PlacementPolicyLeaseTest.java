package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.TenantLeases;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each cluster places with its configured policy ({@code %test} configuration: {@code policy-spread-1} spreads,
 * {@code policy-binpack-1} binpacks, {@code policy-fgd-1} uses {@code fgd-cpu-aware} with the mix counted from the
 * leases in PostgreSQL, {@code policy-learned-1} the default policy, {@code fgd-cpu-aware-learned}, its mix learned from
 * the lease requests). Each cluster has two nodes of two soft-sliceable GPUs of a model only it carries, so the
 * requests, which name the model, land only there.
 */
@QuarkusTest
class PlacementPolicyLeaseTest {

    private static final String REGION = "cn-east-yrd";
    private static final String TENANT = "t-policies";
    private static final List<String> CLUSTERS = List.of("policy-spread-1", "policy-binpack-1", "policy-fgd-1",
            "policy-learned-1");

    @jakarta.inject.Inject
    io.computenet.scheduler.placement.PlacementPolicies placementPolicies;
    @jakarta.inject.Inject
    LeaseRequests leaseRequests;

    private final TenantLeases leases = new TenantLeases(TENANT, Map.of("memoryGiB", 4, "deviceCount", 1,
            "region", REGION, "sharing", "SHARED", "durationMinutes", 60, "maxWaitMinutes", 0));

    private static String model(String cluster) {
        return "L4 (" + cluster + ")";
    }

    @BeforeAll
    static void fleet() {
        for (String cluster : CLUSTERS) {
            for (int n = 1; n <= 2; n++) {
                String nodeId = cluster + "-node-" + n;
                List<DeviceInfo> devices = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    devices.add(new DeviceInfo(Vendor.NVIDIA, model(cluster), nodeId + "-gpu-" + i, null, i, null,
                            String.format("0000:%02X:00.0", 0x50 + i), 23034, 0L, 0.0, 35.0, 60.0, DeviceHealth.OK,
                            "550.1", null, "CUDA", "12.4",
                            List.of(new SliceProfile(SliceKind.SOFT, "soft", 1, 1, 10, "nvidia.com/gpumem"))));
                }
                TestInventory.publish(InventoryEvent.inventory(Instant.now(), nodeId, "op-test", REGION, cluster,
                        nodeId, devices));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId like 'policy-%' and sliceProfiles is not null")) == 16);
    }

    @AfterEach
    void release() {
        leases.releaseAll();
    }

    @AfterAll
    static void revokeTheNodes() {
        // so that no later test class is placed on them (RestAssured is no longer pointed at the application here)
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
        for (String cluster : CLUSTERS) {
            for (int n = 1; n <= 2; n++) {
                io.computenet.devstack.testing.ServiceCalls.given().baseUri("http://localhost").port(port)
                        .queryParam("organisation", "op-test").queryParam("by", "test")
                        .post("/internal/v1/nodes/" + cluster + "-node-" + n + "/revoke").then().statusCode(200);
            }
        }
    }

    private String nodeOf(String cluster) {
        String id = leases.request(Map.of("model", model(cluster))).statusCode(201).extract().path("leaseId");
        return io.computenet.devstack.testing.ServiceCalls.given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + id)
                .then().statusCode(200).extract().path("nodeId");
    }

    @Test
    void aSpreadClusterPutsTwoSmallLeasesOnTwoNodesWhereABinpackClusterPutsThemOnOne() {
        // when two small shares are asked for in each cluster
        String spreadFirst = nodeOf("policy-spread-1");
        String spreadSecond = nodeOf("policy-spread-1");
        String binpackFirst = nodeOf("policy-binpack-1");
        String binpackSecond = nodeOf("policy-binpack-1");

        // then spread keeps them apart, binpack together
        assertThat(spreadFirst).startsWith("policy-spread-1-node-");
        assertThat(spreadSecond).startsWith("policy-spread-1-node-").isNotEqualTo(spreadFirst);
        assertThat(binpackFirst).startsWith("policy-binpack-1-node-");
        assertThat(binpackSecond).isEqualTo(binpackFirst);
    }

    @Test
    void anFgdClusterPlacesWithAMixCountedFromTheLeasesInPostgresql() {
        // when two small shares are asked for in the FGD cluster (the mix read from the leases table)
        String first = nodeOf("policy-fgd-1");
        String second = nodeOf("policy-fgd-1");

        // then both are placed in that cluster; with the shares FGD sees, the second fills the device the first
        // started rather than breaking an empty one
        assertThat(first).startsWith("policy-fgd-1-node-");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void theDefaultPolicyLearnsTheMixFromTheRequestsItSees() {
        // given: the learning policy started (from the lease history this instance has, whatever other tests left)
        var policy = placementPolicies.current().forCluster("policy-learned-1");
        long learnedBefore = placementPolicies.requestsLearned();

        // when small shares are asked for in the cluster of the online-learning FGD policy
        String first = nodeOf("policy-learned-1");
        String second = nodeOf("policy-learned-1");
        for (int i = 0; i < 4; i++) {
            nodeOf("policy-learned-1");
        }

        // then they are placed there, the second filling the device the first started, and the learner counted each
        // request once (what the mix becomes is the learner's schedule, tested in MixLearner's and the policy's own
        // tests: with a long lease history six shares stay under the typical tasks' 95 % coverage)
        assertThat(policy.name()).isEqualTo("fgd-cpu-aware-learned");
        assertThat(first).startsWith("policy-learned-1-node-");
        assertThat(second).isEqualTo(first);
        assertThat(placementPolicies.requestsLearned()).isGreaterThanOrEqualTo(learnedBefore + 6);
    }

    @Test
    void aLeaseRequestWhoseTransactionRollsBackIsNotLearnedAndOneThatCommitsIsLearnedOnce() {
        // given: the learning policy started
        placementPolicies.current();
        long before = placementPolicies.requestsLearned();

        // when a lease is placed in a transaction that then rolls back
        QuarkusTransaction.begin();
        io.computenet.contracts.api.LeaseView placed;
        try {
            placed = leaseRequests.request(schedulerRequest(1));
        } finally {
            QuarkusTransaction.rollback();
        }

        // then it was placed, yet not counted
        assertThat(placed.nodeId()).startsWith("policy-learned-1-node-");
        assertThat(placementPolicies.requestsLearned()).isEqualTo(before);

        // when the same request is made again and commits
        nodeOf("policy-learned-1");

        // then it is counted, once
        assertThat(placementPolicies.requestsLearned()).isEqualTo(before + 1);
    }

    @Test
    void aLeaseRequestRefusedIsLearnedOnceAsTheReplayCountsATaskThatFitsNowhere() {
        // given: the learning policy started
        placementPolicies.current();
        long before = placementPolicies.requestsLearned();

        // when three devices of the learned cluster's model are asked for (its nodes have two each), on its own
        // (the refusal rolls its transaction back) and through the API (refused alone inside a batch that commits)
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> leaseRequests.request(schedulerRequest(3)))
                .isInstanceOf(InsufficientCapacityException.class);
        long afterAlone = placementPolicies.requestsLearned();
        leases.request(Map.of("model", model("policy-learned-1"), "deviceCount", 3, "sharing", "WHOLE"))
                .statusCode(409);

        // then each refusal is counted once: a refused request is part of the mix the learner sees
        assertThat(afterAlone).isEqualTo(before + 1);
        assertThat(placementPolicies.requestsLearned()).isEqualTo(before + 2);
    }

    @Test
    void theRequestsLearnedAreAMetricThatMovesWithEachRequest() {
        // given
        placementPolicies.current();
        double before = learnedMetric();

        // when
        nodeOf("policy-learned-1");

        // then
        assertThat(learnedMetric()).isEqualTo(before + 1);
    }

    private static double learnedMetric() {
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("computenet_scheduler_placement_requests_learned "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).findFirst()
                .orElseThrow(() -> new AssertionError("no computenet_scheduler_placement_requests_learned in "
                        + "/q/metrics"));
    }

    /** A request of the learned cluster's model, straight to the lease path (no intake, no batch). */
    private static LeaseRequest schedulerRequest(int devices) {
        return new LeaseRequest(TENANT, java.math.BigDecimal.valueOf(4), devices, REGION, null, null, 60, null, null,
                null, 0, null, null, model("policy-learned-1"), null,
                devices == 1 ? io.computenet.placement.Sharing.SHARED : io.computenet.placement.Sharing.WHOLE, null,
                null, null, null, null);
    }
}
