package io.computenet.scheduler.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The thin step that applies desired Pods to a region's cluster, reads their phase and deletes them. Phases come from
 * the region's watch cache when it is synced ({@link PodPhaseReader} has the rules), so following thousands of live
 * leases costs no request per lease; otherwise from one GET.
 */
@ApplicationScoped
public class PodGateway {

    @Inject
    RegionalClients clients;
    @Inject
    PodWatches watches;
    @Inject
    MeterRegistry metrics;

    /** Creates the Pod, or leaves an existing one of the same name as it is (a retry after a crash is harmless). */
    public void apply(String region, Pod pod) {
        var pods = clients.forRegion(region).pods().inNamespace(pod.getMetadata().getNamespace());
        if (pods.withName(pod.getMetadata().getName()).get() == null) {
            try {
                pods.resource(pod).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    public PodPhase phase(String region, String namespace, String name) {
        PodPhaseReader.Read read = PodPhaseReader.read(watches.cache(region), namespace, name,
                () -> clients.forRegion(region).pods().inNamespace(namespace).withName(name).get());
        Counter.builder("computenet.scheduler.pod.phase.reads")
                .description("Pod phases read, by where they came from (cache: the watch, no request)")
                .tag("region", region).tag("source", read.source().name().toLowerCase())
                .register(metrics).increment();
        return read.phase();
    }

    public void delete(String region, String namespace, String name) {
        clients.forRegion(region).pods().inNamespace(namespace).withName(name).delete();
    }

    /** Creates an inference endpoint's Service in the region, or leaves an existing one as it is. */
    public void applyService(String region, io.fabric8.kubernetes.api.model.Service service) {
        var client = clients.forRegion(region);
        createIfAbsent(() -> client.services().inNamespace(service.getMetadata().getNamespace()).resource(service));
    }

    /** Deletes an inference endpoint's Service in the region (nothing when there is none). */
    public void deleteService(String region, String namespace, String name) {
        clients.forRegion(region).services().inNamespace(namespace).withName(name).delete();
    }

    /**
     * Whether an inference replica's Pod serves and where ({@link ServingPods#readiness}), from the region's watch
     * cache when it is synced (no request), else from one GET.
     */
    public ServingPods.Readiness readiness(String region, String namespace, String name) {
        PodCache cache = watches.cache(region);
        Pod pod = cache != null && cache.covers(namespace) && cache.synced() ? cache.get(namespace, name)
                : clients.forRegion(region).pods().inNamespace(namespace).withName(name).get();
        return ServingPods.readiness(pod);
    }

    /** Volcano's PodGroups, named without asking the API server's discovery. */
    public static final io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext PODGROUPS =
            new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                    .withGroup("scheduling.volcano.sh").withVersion("v1beta1").withKind(GangWorkload.PODGROUP_KIND)
                    .withPlural("podgroups").withNamespaced(true).build();

    /**
     * Creates a gang's objects (those that exist are left as they are): the PodGroup, the Service and the rank table
     * first, so Volcano sees the group before any of its Pods, then every Pod.
     */
    public void applyGang(String region, GangWorkload.Desired gang) {
        var client = clients.forRegion(region);
        createIfAbsent(() -> client.genericKubernetesResources(PODGROUPS).inNamespace(gang.podGroup().getMetadata().getNamespace())
                .resource(gang.podGroup()));
        createIfAbsent(() -> client.services().inNamespace(gang.service().getMetadata().getNamespace())
                .resource(gang.service()));
        if (gang.rankTable() != null) {
            createIfAbsent(() -> client.configMaps().inNamespace(gang.rankTable().getMetadata().getNamespace())
                    .resource(gang.rankTable()));
        }
        gang.pods().forEach(pod -> apply(region, pod));
    }

    /** Deletes every object of a gang: its Pods (all at once), the PodGroup, the Service and the rank table. */
    public void deleteGang(String region, String namespace, String leaseId, List<String> podNames) {
        var client = clients.forRegion(region);
        podNames.forEach(name -> client.pods().inNamespace(namespace).withName(name).delete());
        String group = GangWorkload.groupName(leaseId);
        client.genericKubernetesResources(PODGROUPS).inNamespace(namespace).withName(group).delete();
        client.services().inNamespace(namespace).withName(group).delete();
        client.configMaps().inNamespace(namespace).withName(group).delete();
    }

    private static void createIfAbsent(java.util.function.Supplier<? extends io.fabric8.kubernetes.client.dsl.Resource<?>>
                                               resource) {
        var r = resource.get();
        if (r.get() == null) {
            try {
                r.create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }
}
