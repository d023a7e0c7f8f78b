package io.computenet.benchmarks;

import io.computenet.contracts.inventory.DeviceInfo;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The Pods of the restart harness's live leases, Running, in their regions' Kubernetes stand-ins, named and labelled as
 * the scheduler's dispatcher names and labels them, as its reconciler would have left them before the restart.
 */
final class RestartPods {

    static final String NAMESPACE = "computenet-leases";
    private static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    private static final String LEASE_LABEL = "computenet.io/lease-id";
    private static final String TENANT_LABEL = "computenet.io/tenant";
    static final String IMAGE = "docker.io/library/python:3.11-slim";

    private RestartPods() {
    }

    /** Every live lease's Pod, Running, in its region's stand-in, as the scheduler's reconciler would have left it. */
    static void create(Map<String, KubernetesMockServer> clusters, RestartFleet fleet) throws Exception {
        System.out.printf("creating %,d Pods (Running) in the Kubernetes stand-ins ...%n", fleet.leases().size());
        long t0 = System.nanoTime();
        Map<String, KubernetesClient> clients = new HashMap<>();
        clusters.forEach((region, server) -> clients.put(region, server.createClient()));
        String now = Instant.now().minus(Duration.ofHours(1)).toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            List<RestartFleet.Lease> leases = fleet.leases();
            int chunk = 500;
            for (int from = 0; from < leases.size(); from += chunk) {
                List<RestartFleet.Lease> part = leases.subList(from, Math.min(leases.size(), from + chunk));
                done.add(pool.submit(() -> {
                    for (RestartFleet.Lease l : part) {
                        KubernetesClient client = clients.get(l.node().region());
                        Pod pod = pod(l, now);
                        Pod created = client.pods().inNamespace(NAMESPACE).resource(pod).create();
                        if (created.getStatus() == null || !"Running".equals(created.getStatus().getPhase())) {
                            created.setStatus(pod.getStatus());
                            client.pods().inNamespace(NAMESPACE).resource(created).updateStatus();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            clients.values().forEach(KubernetesClient::close);
        }
        System.out.printf("  created in %,d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    private static Pod pod(RestartFleet.Lease l, String startedAt) {
        return new PodBuilder()
                .withNewMetadata().withName(podName(l.leaseId())).withNamespace(NAMESPACE)
                .withLabels(Map.of(MANAGED_BY_LABEL, "computenet-scheduler", LEASE_LABEL,
                        l.leaseId().toLowerCase(Locale.ROOT), TENANT_LABEL, "tenant-restart"))
                .withAnnotations(Map.of("computenet.io/device-keys", String.join(",", l.devices().stream()
                        .map(DeviceInfo::deviceKey).toList())))
                .endMetadata()
                .withNewSpec().withNodeSelector(Map.of("kubernetes.io/hostname", l.node().hostname()))
                .addNewContainer().withName("workload").withImage(IMAGE).endContainer().endSpec()
                .withStatus(new PodStatusBuilder().withPhase("Running").withStartTime(startedAt).build())
                .build();
    }

    static String podName(String leaseId) {
        return "lease-" + leaseId.toLowerCase(Locale.ROOT);
    }
}
