package io.computenet.scheduler.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One region's watch of the Pods ComputeNet created: a Fabric8 {@link SharedIndexInformer} over the lease namespace,
 * selected by the {@code managed-by} label {@link PodFactory} puts on every lease Pod. It lists once, then keeps its
 * cache current from the watch, so reading a Pod's phase costs no request; it tells its listener when a Pod appears in,
 * or moves to, a phase that may move a lease.
 * <p>
 * Failures never stop it: every list or watch failure (API server unreachable, watch dropped) is logged, counted and
 * retried with Fabric8's back-off, and a {@code 410 Gone} (the watch fell too far behind) makes Fabric8 list again.
 * While it lists or reconnects {@link #synced()} is false, so callers read from the API server instead.
 */
public final class RegionPodWatch implements PodCache, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RegionPodWatch.class);

    private final String region;
    private final String namespace;
    private final SharedIndexInformer<Pod> informer;
    private final AtomicLong restarts = new AtomicLong();

    private RegionPodWatch(String region, String namespace, SharedIndexInformer<Pod> informer) {
        this.region = region;
        this.namespace = namespace;
        this.informer = informer;
    }

    /**
     * Starts watching and returns at once (the initial list runs in the background; until it is done the cache does
     * not count as synced).
     *
     * @param resync   how often the informer re-delivers its whole cache (zero: never); on a resync the Pods in a
     *                 phase that ends a lease are announced again, a safety net should an earlier announcement have
     *                 been lost
     * @param replicas told when an inference replica's Pod starts or stops serving ({@link #readinessChange})
     */
    public static RegionPodWatch start(String region, KubernetesClient client, String namespace, Duration resync,
                                       Consumer<PodChanged> listener, Consumer<ReplicaReadinessChanged> replicas) {
        SharedIndexInformer<Pod> informer = client.pods().inNamespace(namespace)
                .withLabel(PodFactory.MANAGED_BY_LABEL, PodFactory.MANAGED_BY)
                .runnableInformer(resync.toMillis());
        RegionPodWatch watch = new RegionPodWatch(region, namespace, informer);
        informer.exceptionHandler((started, failure) -> {
            // Fabric8's default gives up on a failed initial list or a failed watch; a scheduler must not
            watch.restarts.incrementAndGet();
            LOG.warnf("pod watch of region %s failed (%s), listing and watching again: %s", region,
                    started ? "while watching" : "before its first sync", failure.toString());
            return true;
        });
        informer.addEventHandler(new Handler(region, listener, replicas));
        informer.start().whenComplete((ignored, failure) -> {
            if (failure == null) {
                LOG.infof("pod watch of region %s synced: %d pods in %s", region, watch.size(), namespace);
            }
        });
        return watch;
    }

    @Override
    public boolean synced() {
        return informer.isRunning() && informer.hasSynced() && informer.isWatching();
    }

    @Override
    public boolean covers(String namespace) {
        return this.namespace.equals(namespace);
    }

    @Override
    public Pod get(String namespace, String name) {
        return informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
    }

    /** Pods in the cache. */
    public int size() {
        return informer.getStore().listKeys().size();
    }

    /** List or watch failures after which the informer started over. */
    public long restarts() {
        return restarts.get();
    }

    public String region() {
        return region;
    }

    @Override
    public void close() {
        informer.close();
    }

    /**
     * The change worth announcing, if any: a Pod seen for the first time, or moved, in a phase the reconciler acts on
     * (running, succeeded, failed), or gone; on a resync (the same version delivered again), only the phases that end
     * a lease. Pending and unknown Pods are left to the periodic reconcile (start timeout).
     *
     * @param before the previous state, null when the Pod is new
     * @param after  the new state, null when the Pod was deleted
     */
    static Optional<PodPhase.Phase> notable(Pod before, Pod after) {
        if (after == null) {
            return Optional.of(PodPhase.Phase.MISSING);
        }
        PodPhase.Phase now = PodPhase.of(after).phase();
        if (now == PodPhase.Phase.PENDING || now == PodPhase.Phase.UNKNOWN) {
            return Optional.empty();
        }
        if (before == null) {
            return Optional.of(now);
        }
        boolean resync = before == after || Objects.equals(before.getMetadata().getResourceVersion(),
                after.getMetadata().getResourceVersion());
        if (resync) {
            return now == PodPhase.Phase.SUCCEEDED || now == PodPhase.Phase.FAILED ? Optional.of(now) : Optional.empty();
        }
        return PodPhase.of(before).phase() == now ? Optional.empty() : Optional.of(now);
    }

    /**
     * The replica whose serving changed, if any: an inference replica's Pod ({@link ServingPods#INFERENCE_REPLICA})
     * whose readiness or address ({@link ServingPods#readiness}) differs before and after; a Pod new or gone counts
     * as not serving on the other side. A resync (the same version again) changes nothing.
     */
    static Optional<ReplicaReadinessChanged> readinessChange(String region, Pod before, Pod after) {
        Pod pod = after != null ? after : before;
        Map<String, String> labels = pod == null || pod.getMetadata().getLabels() == null ? Map.of()
                : pod.getMetadata().getLabels();
        if (!ServingPods.INFERENCE_REPLICA.equals(labels.get(ServingPods.ROLE_LABEL))
                || labels.get(ServingPods.ENDPOINT_LABEL) == null) {
            return Optional.empty();
        }
        if (before != null && after != null && (before == after || Objects.equals(
                before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion()))) {
            return Optional.empty();
        }
        if (ServingPods.readiness(before).equals(ServingPods.readiness(after))) {
            return Optional.empty();
        }
        return Optional.of(new ReplicaReadinessChanged(region, labels.get(ServingPods.ENDPOINT_LABEL),
                labels.get(PodFactory.LEASE_LABEL)));
    }

    /** Runs on the informer's thread, one event at a time: decides and hands on, nothing slow. */
    private record Handler(String region, Consumer<PodChanged> listener, Consumer<ReplicaReadinessChanged> replicas)
            implements ResourceEventHandler<Pod> {

        @Override
        public void onAdd(Pod pod) {
            announce(null, pod, pod);
        }

        @Override
        public void onUpdate(Pod before, Pod after) {
            announce(before, after, after);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            announce(pod, null, pod);
        }

        private void announce(Pod before, Pod after, Pod pod) {
            readinessChange(region, before, after).ifPresent(change -> {
                try {
                    replicas.accept(change);
                } catch (RuntimeException e) {
                    // the endpoint reconciler's tick still reads the readiness; the watch must go on
                    LOG.warnf("replica %s of endpoint %s in region %s: announcing its readiness failed: %s",
                            change.leaseId(), change.endpointId(), region, e.toString());
                }
            });
            notable(before, after).ifPresent(phase -> {
                var meta = pod.getMetadata();
                try {
                    listener.accept(new PodChanged(region, meta.getNamespace(), meta.getName(),
                            meta.getLabels() == null ? null : meta.getLabels().get(PodFactory.LEASE_LABEL), phase));
                } catch (RuntimeException e) {
                    // the periodic reconcile still sees the change; the watch must go on
                    LOG.warnf("pod %s/%s in region %s: announcing %s failed: %s", meta.getNamespace(),
                            meta.getName(), region, phase, e.toString());
                }
            });
        }
    }
}
