package io.computenet.devstack;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The stand-in for one region's Kubernetes API server: the Fabric8 mock server in CRUD mode (no real kube-apiserver
 * can run on these machines), plus a small kubelet simulation that moves ComputeNet's Pods from Pending to Running the
 * way a node's kubelet would, or leaves a Pod whose image cannot be pulled waiting in {@code ErrImagePull}.
 * The scheduler talks to it with the same Fabric8 client code it uses against a real cluster.
 */
public final class RegionalCluster implements AutoCloseable {

    /** Pods with an image whose name contains this never start, to exercise the start timeout. */
    public static final String UNPULLABLE_IMAGE_MARKER = "does-not-exist";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY_VALUE = "computenet-scheduler";

    private final String region;
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final ScheduledExecutorService kubelet;

    private RegionalCluster(String region, KubernetesMockServer server) {
        this.region = region;
        this.server = server;
        this.client = server.createClient();
        this.kubelet = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubelet-sim-" + region);
            t.setDaemon(true);
            return t;
        });
    }

    public static RegionalCluster start(String region, int port) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        RegionalCluster cluster = new RegionalCluster(region, server);
        cluster.kubelet.scheduleWithFixedDelay(cluster::runPendingPods, 300, 300, TimeUnit.MILLISECONDS);
        return cluster;
    }

    public String region() {
        return region;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A client to inspect the cluster as an operator would (kubectl). */
    public KubernetesClient client() {
        return client;
    }

    /**
     * The requests the API server received since the last call, oldest first, as {@code METHOD path?query} (the
     * kubelet simulation's own requests included), so a test can count what a client asked.
     */
    public List<String> takeRequests() {
        List<String> requests = new java.util.ArrayList<>();
        try {
            for (var r = server.takeRequest(0, TimeUnit.MILLISECONDS); r != null;
                 r = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
                requests.add(r.getMethod() + " " + r.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return requests;
    }

    private void runPendingPods() {
        try {
            for (Pod pod : client.pods().inAnyNamespace().withLabel(MANAGED_BY_LABEL, MANAGED_BY_VALUE).list().getItems()) {
                String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                if (phase != null && !"Pending".equals(phase)) {
                    continue;
                }
                boolean unpullable = pod.getSpec().getContainers().stream()
                        .anyMatch(c -> c.getImage() != null && c.getImage().contains(UNPULLABLE_IMAGE_MARKER));
                if (unpullable && phase != null) {
                    continue;
                }
                pod.setStatus(unpullable ? pendingStatus(pod) : runningStatus(pod));
                client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
            }
        } catch (RuntimeException e) {
            // a Pod deleted between list and update is normal; the next round sees the current state
        }
    }

    private static io.fabric8.kubernetes.api.model.PodStatus runningStatus(Pod pod) {
        String now = Instant.now().toString();
        List<ContainerStatus> containers = pod.getSpec().getContainers().stream()
                .map(c -> new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withReady(true)
                        .withStarted(true).withRestartCount(0)
                        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now).endRunning().build())
                        .build())
                .toList();
        PodCondition ready = new PodConditionBuilder().withType("Ready").withStatus("True")
                .withLastTransitionTime(now).build();
        return new PodStatusBuilder().withPhase("Running").withStartTime(now).withHostIP("10.0.0.1")
                .withPodIP("10.244.0." + (Math.abs(pod.getMetadata().getName().hashCode()) % 250 + 2))
                .withConditions(ready).withContainerStatuses(containers).build();
    }

    private static io.fabric8.kubernetes.api.model.PodStatus pendingStatus(Pod pod) {
        List<ContainerStatus> containers = pod.getSpec().getContainers().stream()
                .map(c -> new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withReady(false)
                        .withRestartCount(0)
                        .withState(new ContainerStateBuilder().withNewWaiting().withReason("ErrImagePull")
                                .withMessage("image " + c.getImage() + " not found").endWaiting().build())
                        .build())
                .toList();
        return new PodStatusBuilder().withPhase("Pending").withContainerStatuses(containers).build();
    }

    @Override
    public void close() {
        kubelet.shutdownNow();
        client.close();
        server.destroy();
    }
}
