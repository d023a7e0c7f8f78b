package io.computenet.scheduler.kubernetes;

/**
 * A CDI event: the watch of a region saw an inference replica's Pod start or stop serving, or change its address
 * ({@link ServingPods#readiness}: its {@code Ready} condition or its IP moved). Fired on the informer's thread;
 * observers must only hand it on. The endpoint reconciler records the replica's readiness at once instead of at its
 * next tick, so the gateway's routing table follows the Pod's readiness probe without polling delay.
 *
 * @param endpointId the Pod's endpoint label
 * @param leaseId    the Pod's lease label
 */
public record ReplicaReadinessChanged(String region, String endpointId, String leaseId) {
}
