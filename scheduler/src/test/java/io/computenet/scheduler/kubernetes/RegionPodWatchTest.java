package io.computenet.scheduler.kubernetes;

import io.computenet.devstack.Ports;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One region's Pod watch against the Fabric8 mock API server in CRUD mode (no Quarkus): what it caches, what it
 * announces, and that it recovers from an API server it could not reach.
 */
class RegionPodWatchTest {

    private static final String NS = "computenet-leases";

    private KubernetesMockServer server;
    private KubernetesClient client;
    private RegionPodWatch watch;
    private final List<PodChanged> announced = new CopyOnWriteArrayList<>();
    private final List<ReplicaReadinessChanged> replicas = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (watch != null) {
            watch.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    private static KubernetesMockServer crudServer(int port) throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getByName("127.0.0.1"), port);
        return server;
    }

    private static KubernetesClient clientOf(int port) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port).withNamespace(NS)
                .withWatchReconnectInterval(100).withRequestRetryBackoffLimit(0).withRequestTimeout(2_000)
                .withConnectionTimeout(1_000)
                .build()).build();
    }

    private static Pod leasePod(String leaseId, boolean managed) {
        return new PodBuilder().withNewMetadata().withName("lease-" + leaseId).withNamespace(NS)
                .withLabels(managed ? Map.of(PodFactory.MANAGED_BY_LABEL, PodFactory.MANAGED_BY,
                        PodFactory.LEASE_LABEL, leaseId) : Map.of("app", "other"))
                .endMetadata()
                .withNewSpec().addNewContainer().withName("workload").withImage("python:3.11-slim").endContainer()
                .endSpec().build();
    }

    private void setPhase(String name, String phase) {
        client.pods().inNamespace(NS).withName(name)
                .editStatus(p -> new PodBuilder(p).editOrNewStatus().withPhase(phase).endStatus().build());
    }

    @Test
    void answersFromItsCacheAndAnnouncesPhaseChanges() throws Exception {
        // given: a lease Pod and a Pod ComputeNet did not create
        int port = Ports.free();
        server = crudServer(port);
        client = clientOf(port);
        client.pods().inNamespace(NS).resource(leasePod("ls-a", true)).create();
        client.pods().inNamespace(NS).resource(leasePod("other", false)).create();

        // when
        watch = RegionPodWatch.start("r1", client, NS, Duration.ZERO, announced::add, replicas::add);

        // then: only the lease Pod is cached, and reading it costs no request
        await().atMost(Duration.ofSeconds(10)).until(watch::synced);
        assertThat(watch.size()).isEqualTo(1);
        assertThat(watch.get(NS, "lease-other")).isNull();
        int requests = server.getRequestCount();
        for (int tick = 0; tick < 20; tick++) {
            assertThat(PodPhaseReader.read(watch, NS, "lease-ls-a",
                    () -> client.pods().inNamespace(NS).withName("lease-ls-a").get()).phase().phase())
                    .isEqualTo(PodPhase.Phase.PENDING);
        }
        assertThat(server.getRequestCount()).isEqualTo(requests);

        // when: the kubelet reports the Pod running, then failed
        setPhase("lease-ls-a", "Running");
        await().atMost(Duration.ofSeconds(10)).until(() -> announced.stream()
                .anyMatch(c -> c.phase() == PodPhase.Phase.RUNNING));
        setPhase("lease-ls-a", "Failed");

        // then
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(announced)
                .containsExactly(new PodChanged("r1", NS, "lease-ls-a", "ls-a", PodPhase.Phase.RUNNING),
                        new PodChanged("r1", NS, "lease-ls-a", "ls-a", PodPhase.Phase.FAILED)));
        assertThat(PodPhase.of(watch.get(NS, "lease-ls-a")).phase()).isEqualTo(PodPhase.Phase.FAILED);

        // when: the Pod is deleted behind the scheduler's back
        client.pods().inNamespace(NS).withName("lease-ls-a").delete();

        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> announced.size() == 3);
        assertThat(announced.get(2).phase()).isEqualTo(PodPhase.Phase.MISSING);
        assertThat(watch.get(NS, "lease-ls-a")).isNull();
    }

    @Test
    void startsOverWhenTheApiServerWasUnreachable() throws Exception {
        // given: nothing listens where the region's API server should be
        int port = Ports.free();
        client = clientOf(port);

        // when
        watch = RegionPodWatch.start("r1", client, NS, Duration.ZERO, announced::add, replicas::add);

        // then: it keeps trying and does not pretend to be synced
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.restarts() >= 1);
        assertThat(watch.synced()).isFalse();

        // when: the API server comes up
        server = crudServer(port);
        server.createClient().pods().inNamespace(NS).resource(leasePod("ls-b", true)).create();

        // then: it lists, and then sees the Pod through its watch
        await().atMost(Duration.ofSeconds(30)).until(watch::synced);
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.get(NS, "lease-ls-b") != null);
    }

    private static Pod withPhase(String phase, String resourceVersion) {
        return phase == null ? null : new PodBuilder(leasePod("ls-x", true)).editMetadata()
                .withResourceVersion(resourceVersion).endMetadata()
                .withNewStatus().withPhase(phase).endStatus().build();
    }

    @ParameterizedTest(name = "{0} -> {1} (resync: {2}) announces {3}")
    @CsvSource(nullValues = "null", value = {
            // seen for the first time
            "null,Pending,false,null",
            "null,Running,false,RUNNING",
            "null,Failed,false,FAILED",
            // moved
            "Pending,Running,false,RUNNING",
            "Running,Succeeded,false,SUCCEEDED",
            "Running,Failed,false,FAILED",
            "Running,Unknown,false,null",
            // changed, phase unchanged (a condition, an annotation)
            "Running,Running,false,null",
            "Pending,Pending,false,null",
            // a resync re-delivers the same version: only phases that end a lease again
            "Running,Running,true,null",
            "Failed,Failed,true,FAILED",
            // deleted
            "Running,null,false,MISSING"})
    void announcesOnlyChangesThatMayMoveALease(String before, String after, boolean resync, PodPhase.Phase expected) {
        // given
        Pod old = withPhase(before, "1");
        Pod now = withPhase(after, resync ? "1" : "2");

        // when
        Optional<PodPhase.Phase> announced = RegionPodWatch.notable(old, now);

        // then
        assertThat(announced).isEqualTo(Optional.ofNullable(expected));
    }

    private static Pod replicaPod(String leaseId, String resourceVersion, String phase, boolean ready, String ip) {
        Pod pod = new PodBuilder(leasePod(leaseId, true)).editMetadata().addToLabels(ServingPods.ROLE_LABEL,
                        ServingPods.INFERENCE_REPLICA).addToLabels(ServingPods.ENDPOINT_LABEL, "ep-abcdefghijkl")
                .withResourceVersion(resourceVersion).endMetadata().build();
        return phase == null ? pod : new PodBuilder(pod).withNewStatus().withPhase(phase).withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }

    @Test
    void announcesAReplicaWhoseServingChangedOnceAndNothingForOtherChanges() {
        // given
        Pod pending = replicaPod("ls-r", "1", null, false, null);
        Pod running = replicaPod("ls-r", "2", "Running", false, "10.0.0.7");
        Pod ready = replicaPod("ls-r", "3", "Running", true, "10.0.0.7");
        Pod readyAgain = replicaPod("ls-r", "4", "Running", true, "10.0.0.7");
        Pod moved = replicaPod("ls-r", "5", "Running", true, "10.0.0.8");
        Pod ordinary = new PodBuilder(leasePod("ls-o", true)).editMetadata().withResourceVersion("2").endMetadata()
                .withNewStatus().withPhase("Running").withPodIP("10.0.0.9").addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus().build();
        ReplicaReadinessChanged change = new ReplicaReadinessChanged("r1", "ep-abcdefghijkl", "ls-r");

        // when / then: turning ready, losing readiness, a new address and deletion of a ready replica are announced
        assertThat(RegionPodWatch.readinessChange("r1", running, ready)).contains(change);
        assertThat(RegionPodWatch.readinessChange("r1", ready, running)).contains(change);
        assertThat(RegionPodWatch.readinessChange("r1", ready, moved)).contains(change);
        assertThat(RegionPodWatch.readinessChange("r1", ready, null)).contains(change);
        // running without readiness yet (no address before: not serving either way), a change that keeps it ready,
        // a resync, a new Pod not ready and an ordinary lease's Pod are not
        assertThat(RegionPodWatch.readinessChange("r1", pending, null)).isEmpty();
        assertThat(RegionPodWatch.readinessChange("r1", ready, readyAgain)).isEmpty();
        assertThat(RegionPodWatch.readinessChange("r1", ready, ready)).isEmpty();
        assertThat(RegionPodWatch.readinessChange("r1", null, pending)).isEmpty();
        assertThat(RegionPodWatch.readinessChange("r1", null, ordinary)).isEmpty();
    }

    @Test
    void announcesAReplicaTurningReadyAndNotReadyFromItsWatch() throws Exception {
        // given: a replica's Pod, running, not yet ready
        int port = Ports.free();
        server = crudServer(port);
        client = clientOf(port);
        client.pods().inNamespace(NS).resource(replicaPod("ls-r", null, null, false, null)).create();
        watch = RegionPodWatch.start("r1", client, NS, Duration.ZERO, announced::add, replicas::add);
        await().atMost(Duration.ofSeconds(10)).until(watch::synced);
        ReplicaReadinessChanged change = new ReplicaReadinessChanged("r1", "ep-abcdefghijkl", "ls-r");

        // when: its readiness probe passes
        setReady("lease-ls-r", true);

        // then
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(replicas).containsExactly(change));
        assertThat(ServingPods.readiness(watch.get(NS, "lease-ls-r")).ready()).isTrue();

        // when: it fails
        setReady("lease-ls-r", false);

        // then
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(replicas)
                .containsExactly(change, change));
    }

    private void setReady(String name, boolean ready) {
        client.pods().inNamespace(NS).withName(name).editStatus(p -> new PodBuilder(p).withNewStatus()
                .withPhase("Running").withPodIP("10.0.0.7").addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus().build());
    }
}
