package io.computenet.scheduler.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;

/** A view of one region's watched Pods: what {@link PodPhaseReader} may answer from without asking the API server. */
public interface PodCache {

    /**
     * Whether the cache reflects the API server: the initial list is done and the watch is open. While the informer
     * (re)lists or reconnects this is false, and nothing is decided on the cache.
     */
    boolean synced();

    /** Whether Pods of this namespace are watched (the cache says nothing about the others). */
    boolean covers(String namespace);

    /** The cached Pod, or null when the cache does not hold it. */
    Pod get(String namespace, String name);
}
