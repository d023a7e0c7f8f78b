package io.computenet.devstack;

import io.computenet.devstack.inference.SimulatedInferenceServer;
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
 * <p>
 * An inference replica's Pod (label {@code computenet.io/role=inference-replica}) runs no vLLM here: the simulated
 * kubelet starts a {@link SimulatedInferenceServer} for it instead, the documented stand-in for the accelerator
 * workload, serving the model named by the Pod's {@code --served-model-name} on a loopback address of its own (a random
 * {@code 127.x.y.z}, x not 0, tried again on a bind failure) at the Pod's {@code http} container port, and only then
 * reports the Pod Running and Ready with that address as {@code status.podIP}; it closes the server when the Pod is
 * deleted.
 */
public final class RegionalCluster implements AutoCloseable {

    /** Pods with an image whose name contains this never start, to exercise the start timeout. */
    public static final String UNPULLABLE_IMAGE_MARKER = "does-not-exist";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY_VALUE = "computenet-scheduler";
    static final String ROLE_LABEL = "computenet.io/role";
    static final String INFERENCE_REPLICA = "inference-replica";
    /** Loopback addresses tried for one replica before its Pod is left pending until the next round. */
    private static final int BIND_ATTEMPTS = 8;

    private final String region;
    private final KubernetesMockServer server;
    private final BearerTokenDispatcher dispatcher;
    private final String token;
    private final String caCertFile;
    private final KubernetesClient client;
    private final ScheduledExecutorService kubelet;
    /** The simulated inference servers of replica Pods, by Pod uid. */
    private final java.util.Map<String, SimulatedInferenceServer> replicas = new java.util.concurrent.ConcurrentHashMap<>();

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
            List<Pod> pods = client.pods().inAnyNamespace().withLabel(MANAGED_BY_LABEL, MANAGED_BY_VALUE).list()
                    .getItems();
            stopDeletedReplicas(pods);
            for (Pod pod : pods) {
                String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                if (phase != null && !"Pending".equals(phase)) {
                    continue;
                }
                boolean unpullable = pod.getSpec().getContainers().stream()
                        .anyMatch(c -> c.getImage() != null && c.getImage().contains(UNPULLABLE_IMAGE_MARKER));
                if (unpullable && phase != null) {
                    continue;
                }
                try {
                    pod.setStatus(unpullable ? pendingStatus(pod) : isReplica(pod) ? replicaStatus(pod)
                            : runningStatus(pod));
                    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
                } catch (RuntimeException e) {
                    // deleted meanwhile (its server is closed next round), or no free loopback address this round
                }
            }
        } catch (RuntimeException e) {
            // a Pod deleted between list and update is normal; the next round sees the current state
        }
    }

    private static boolean isReplica(Pod pod) {
        return pod.getMetadata().getLabels() != null
                && INFERENCE_REPLICA.equals(pod.getMetadata().getLabels().get(ROLE_LABEL));
    }

    /** Starts the replica's simulated server (once per Pod) and reports the Pod running and ready at its address. */
    private io.fabric8.kubernetes.api.model.PodStatus replicaStatus(Pod pod) {
        SimulatedInferenceServer server = replicas.computeIfAbsent(key(pod), k -> startReplica(pod));
        io.fabric8.kubernetes.api.model.PodStatus status = runningStatus(pod);
        status.setPodIP(server.baseUrl().getHost());
        status.setPodIPs(List.of(new io.fabric8.kubernetes.api.model.PodIP(server.baseUrl().getHost())));
        return status;
    }

    private static SimulatedInferenceServer startReplica(Pod pod) {
        var container = pod.getSpec().getContainers().get(0);
        int port = container.getPorts() == null ? 8000 : container.getPorts().stream()
                .filter(p -> "http".equals(p.getName())).map(p -> p.getContainerPort()).findFirst().orElse(8000);
        List<String> args = container.getArgs() == null ? List.of() : container.getArgs();
        int named = args.indexOf("--served-model-name");
        String model = named >= 0 && named + 1 < args.size() ? args.get(named + 1) : pod.getMetadata().getName();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        RuntimeException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            String ip = "127." + random.nextInt(1, 256) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
            try {
                return SimulatedInferenceServer.start(new java.net.InetSocketAddress(ip, port), model,
                        SimulatedInferenceServer.Options.defaults());
            } catch (java.io.UncheckedIOException e) {
                last = e; // that address and port are taken: another address
            }
        }
        throw last;
    }

    /** A Pod's identity: a Pod deleted and created again under its name is another Pod. */
    private static String key(Pod pod) {
        var meta = pod.getMetadata();
        return meta.getNamespace() + "/" + meta.getName() + "/" + meta.getUid();
    }

    /** Closes the servers of replica Pods that are no longer in {@code pods} (the cluster's Pods): deleted. */
    private void stopDeletedReplicas(List<Pod> pods) {
        java.util.Set<String> present = new java.util.HashSet<>();
        pods.forEach(p -> present.add(key(p)));
        replicas.entrySet().removeIf(entry -> {
            if (present.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().close();
            return true;
        });
    }

    /** Inference replica Pods whose simulated server runs now. */
    public int runningReplicaServers() {
        return replicas.size();
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
        replicas.values().forEach(SimulatedInferenceServer::close);
        replicas.clear();
        client.close();
        server.destroy();
    }
}
