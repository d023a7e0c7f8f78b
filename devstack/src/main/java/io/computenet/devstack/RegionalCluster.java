package io.computenet.devstack;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The stand-in for one region's Kubernetes API server: the Fabric8 mock server in CRUD mode (no real kube-apiserver
 * can run on these machines), served over HTTPS with a self-signed certificate (its PEM in {@link #caCertFile()}) and
 * answering 401 to any request without this run's bearer token ({@link #token()}, random per start), so the
 * scheduler reaches it the way it reaches a secured cluster. Plus a small kubelet simulation that moves ComputeNet's Pods from Pending to Running the
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
    private final BearerTokenDispatcher dispatcher;
    private final String token;
    private final String caCertFile;
    private final KubernetesClient client;
    private final ScheduledExecutorService kubelet;

    private RegionalCluster(String region, KubernetesMockServer server, BearerTokenDispatcher dispatcher, String token,
                            String caCertFile) {
        this.region = region;
        this.server = server;
        this.dispatcher = dispatcher;
        this.token = token;
        this.caCertFile = caCertFile;
        this.client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                .withMasterUrl(url()).withCaCertFile(caCertFile).withOauthToken(token).build()).build();
        this.kubelet = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubelet-sim-" + region);
            t.setDaemon(true);
            return t;
        });
    }

    public static RegionalCluster start(String region, int port) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = "cn-standin-" + HexFormat.of().formatHex(random);
        MockWebServer web = new MockWebServer();
        BearerTokenDispatcher dispatcher = new BearerTokenDispatcher(token, new KubernetesCrudDispatcher(List.of()));
        KubernetesMockServer server = new KubernetesMockServer(new Context(), web, new HashMap<>(), dispatcher, true);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        RegionalCluster cluster = new RegionalCluster(region, server, dispatcher, token,
                web.getSelfSignedCertificate().certificatePath());
        cluster.kubelet.scheduleWithFixedDelay(cluster::runPendingPods, 300, 300, TimeUnit.MILLISECONDS);
        return cluster;
    }

    public String region() {
        return region;
    }

    /** The API server's URL; its certificate is issued to {@code localhost}. */
    public String url() {
        return "https://localhost:" + server.getPort();
    }

    /** The bearer token every request must carry. */
    public String token() {
        return token;
    }

    /**
     * Makes the API server accept only {@code accepted} from now on (as when a cluster's administrator rotates the
     * token a client was given); {@code accept(token())} restores the start.
     */
    public void accept(String accepted) {
        dispatcher.expected = "Bearer " + accepted;
    }

    /** An owner-only file holding {@link #token()}, for clients configured with a token file. */
    public String tokenFile() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("cn-k8s-token-" + region + "-", "",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            java.nio.file.Files.writeString(file, token);
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The PEM file of the self-signed certificate the API server serves (its CA, for clients). */
    public String caCertFile() {
        return caCertFile;
    }

    /** Registers a Node of this name, as a kubelet joining the cluster does. */
    public void registerNode(String name) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).endMetadata().build())
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
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

    /** Answers 401 to a request without the bearer token, as an API server does; the rest goes to the CRUD server. */
    private static final class BearerTokenDispatcher extends Dispatcher {
        private volatile String expected;
        private final Dispatcher next;

        BearerTokenDispatcher(String token, Dispatcher next) {
            this.expected = "Bearer " + token;
            this.next = next;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String authorization = request.getHeader("Authorization");
            String expected = this.expected;
            if (authorization == null || !java.security.MessageDigest.isEqual(expected.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), authorization.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8))) {
                return new MockResponse().setResponseCode(401).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\","
                        + "\"code\":401}");
            }
            return next.dispatch(request);
        }

        @Override
        public void shutdown() {
            next.shutdown();
        }
    }

    @Override
    public void close() {
        kubelet.shutdownNow();
        client.close();
        server.destroy();
    }
}
