package io.computenet.scheduler.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The thin step that applies desired Pods to a region's cluster, reads their phase and deletes them. */
@ApplicationScoped
public class PodGateway {

    @Inject
    RegionalClients clients;

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
        Pod pod = clients.forRegion(region).pods().inNamespace(namespace).withName(name).get();
        if (pod == null) {
            return new PodPhase(PodPhase.Phase.MISSING, "pod " + name + " does not exist");
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        String detail = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? "" :
                pod.getStatus().getContainerStatuses().stream()
                        .filter(s -> s.getState() != null && s.getState().getWaiting() != null)
                        .map(s -> s.getName() + ": " + s.getState().getWaiting().getReason())
                        .reduce((a, b) -> a + ", " + b).orElse("");
        return new PodPhase(switch (phase == null ? "Pending" : phase) {
            case "Pending" -> PodPhase.Phase.PENDING;
            case "Running" -> PodPhase.Phase.RUNNING;
            case "Succeeded" -> PodPhase.Phase.SUCCEEDED;
            case "Failed" -> PodPhase.Phase.FAILED;
            default -> PodPhase.Phase.UNKNOWN;
        }, detail);
    }

    public void delete(String region, String namespace, String name) {
        clients.forRegion(region).pods().inNamespace(namespace).withName(name).delete();
    }
}
