package io.computenet.scheduler.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
}
