package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.devstack.RegionalCluster;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.computenet.scheduler.kubernetes.PodChanged;
import io.computenet.scheduler.kubernetes.PodPhase;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lease Pods are watched, not polled: a phase change made on the region's API server moves the lease through the
 * watch (even with the periodic tick paused), and live leases cost no API request per lease per tick.
 */
@QuarkusTest
class PodWatchLeaseTest {

    private static final String TENANT = "t-watch";
    private static final String REGION = "cn-west-nm";
    private static final String NAMESPACE = "computenet-leases";

    @Inject
    Scheduler scheduler;
    @Inject
    MeterRegistry metrics;
    @Inject
    jakarta.enterprise.event.Event<PodChanged> podChanges;

    @BeforeAll
    static void fleet() {
        // the only NVIDIA devices of the region in this test application
        TestInventory.publish(TestInventory.inventory("watch-node", REGION,
                TestInventory.devices(Vendor.NVIDIA, "L40S", 46068, "watch", 6)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId", "watch-node")) == 6);
    }

    private static String request(String image) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", TENANT, "memoryGiB", 40, "deviceCount", 1, "region", REGION,
                        "vendor", "NVIDIA", "durationMinutes", 60, "maxWaitMinutes", 0, "image", image))
                .post("/internal/v1/leases").then().statusCode(201).extract().path("leaseId");
    }

    private static JsonPath lease(String leaseId) {
        return given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + leaseId).then().statusCode(200)
                .extract().jsonPath();
    }

    private static String state(String leaseId) {
        return lease(leaseId).getString("state");
    }

    private static void release(String leaseId) {
        given().queryParam("tenantId", TENANT).post("/internal/v1/leases/" + leaseId + "/release")
                .then().statusCode(200);
    }

    /** Changes the Pod's status on the API server, as the node's kubelet would. */
    private static void kubeletReports(RegionalCluster cluster, String leaseId, UnaryOperator<PodBuilder> status) {
        cluster.client().pods().inNamespace(NAMESPACE).withName("lease-" + leaseId)
                .editStatus(pod -> status.apply(new PodBuilder(pod)).build());
    }

    @Test
    void movesALeaseAsSoonAsItsPodChangesPhaseWithoutWaitingForTheTick() {
        // given: a lease whose Pod waits for its image (the kubelet simulation leaves it Pending)
        RegionalCluster cluster = RealInfraResource.cluster(REGION);
        String leaseId = request("registry.example/" + RegionalCluster.UNPULLABLE_IMAGE_MARKER);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> state(leaseId).equals("STARTING"));
        // from here on, only the watch can move the lease (and the start timeout, measured by the tick, cannot fail it)
        scheduler.pause(LeaseReconciler.TICK);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Pod pod = cluster.client().pods().inNamespace(NAMESPACE).withName("lease-" + leaseId).get();
                return pod != null && pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                        && !pod.getStatus().getContainerStatuses().isEmpty();
            });
            // a tick that was already running when the tick was paused has finished by now
            await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
            assertThat(state(leaseId)).isEqualTo("STARTING");

            // when: the image arrives and the workload runs
            kubeletReports(cluster, leaseId, pod -> pod.editStatus().withPhase("Running")
                    .withContainerStatuses(new ContainerStatusBuilder().withName("workload").withReady(true)
                            .withNewState().withNewRunning().endRunning().endState().build())
                    .endStatus());

            // then: the lease runs, metered from now
            await().atMost(Duration.ofSeconds(5)).until(() -> state(leaseId).equals("RUNNING"));
            assertThat(lease(leaseId).getString("startedAt")).isNotNull();

            // when: the workload crashes
            kubeletReports(cluster, leaseId, pod -> pod.editStatus().withPhase("Failed")
                    .withContainerStatuses(new ContainerStatusBuilder().withName("workload").withReady(false)
                            .withNewState().withNewTerminated().withReason("Error").withExitCode(1).endTerminated()
                            .endState().build())
                    .endStatus());

            // then: the lease fails with the reason the kubelet gave
            await().atMost(Duration.ofSeconds(5)).until(() -> state(leaseId).equals("FAILED"));
            assertThat(lease(leaseId).getString("reason"))
                    .isEqualTo("workload failed workload: Error, exit code 1");
        } finally {
            scheduler.resume(LeaseReconciler.TICK);
        }

        // then: with the tick back, the ended lease's Pod is deleted
        await().atMost(Duration.ofSeconds(10)).until(() ->
                cluster.client().pods().inNamespace(NAMESPACE).withName("lease-" + leaseId).get() == null);
    }

    @Test
    void aPodThatFailsAmidABurstOfAnnouncementsStillEndsItsLeaseWithoutTheTick() {
        // given: a running lease, and the tick paused, so only the prompt path can move it
        RegionalCluster cluster = RealInfraResource.cluster(REGION);
        String leaseId = request("registry.example/worker:1");
        await().atMost(Duration.ofSeconds(10)).until(() -> state(leaseId).equals("RUNNING"));
        scheduler.pause(LeaseReconciler.TICK);
        try {
            // when: a re-list announces 2,000 running Pods (its own among them, and Pods of no lease at all) ...
            for (int i = 0; i < 2_000; i++) {
                podChanges.fire(new PodChanged(REGION, NAMESPACE, "lease-ls-relisted-" + i, "ls-relisted-" + i,
                        PodPhase.Phase.RUNNING));
            }
            podChanges.fire(new PodChanged(REGION, NAMESPACE, "lease-" + leaseId, leaseId, PodPhase.Phase.RUNNING));
            // ... and then the workload crashes
            kubeletReports(cluster, leaseId, pod -> pod.editStatus().withPhase("Failed")
                    .withContainerStatuses(new ContainerStatusBuilder().withName("workload").withReady(false)
                            .withNewState().withNewTerminated().withReason("OOMKilled").withExitCode(137)
                            .endTerminated().endState().build())
                    .endStatus());

            // then
            await().atMost(Duration.ofSeconds(10)).until(() -> state(leaseId).equals("FAILED"));
            assertThat(lease(leaseId).getString("reason")).contains("OOMKilled");
        } finally {
            scheduler.resume(LeaseReconciler.TICK);
        }
    }

    @Test
    void followsRunningLeasesFromTheWatchWithoutAnApiRequestPerLeasePerTick() {
        // given: several running leases, and the region's watch synced
        RegionalCluster cluster = RealInfraResource.cluster(REGION);
        List<String> leaseIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            leaseIds.add(request("registry.example/worker:1"));
        }
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> leaseIds.stream().allMatch(id -> state(id).equals("RUNNING")));
            assertThat(metrics.get("computenet.scheduler.pod.watch.synced").tag("region", REGION).gauge().value())
                    .isEqualTo(1.0);
            assertThat(metrics.get("computenet.scheduler.pod.cache.size").tag("region", REGION).gauge().value())
                    .isGreaterThanOrEqualTo(leaseIds.size());
            cluster.takeRequests();
            double cacheReads = cacheReads();

            // when: the reconciler ticks a few times (every 0.5 s)
            await().atMost(Duration.ofSeconds(15)).until(() -> cacheReads() >= cacheReads + 4 * leaseIds.size());

            // then: it read every lease's phase several times, none of them from the API server
            List<String> requests = cluster.takeRequests();
            assertThat(requests).noneMatch(r -> leaseIds.stream().anyMatch(id -> r.contains("/pods/lease-" + id)));
            assertThat(leaseIds).allMatch(id -> state(id).equals("RUNNING"));
        } finally {
            leaseIds.forEach(PodWatchLeaseTest::release);
        }
    }

    private double cacheReads() {
        Counter reads = metrics.find("computenet.scheduler.pod.phase.reads").tags("region", REGION, "source", "cache")
                .counter();
        return reads == null ? 0 : reads.count();
    }
}
