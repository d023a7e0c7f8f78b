package io.computenet.scheduler.kubernetes;

/**
 * A CDI event: the watch of a region saw a ComputeNet Pod appear in, or move to, a phase that may move its lease
 * (or disappear: {@link PodPhase.Phase#MISSING}). Fired on the informer's thread; observers must only hand it on.
 *
 * @param leaseId the Pod's lease label (the lease id as the Pod carries it)
 */
public record PodChanged(String region, String namespace, String name, String leaseId, PodPhase.Phase phase) {
}
