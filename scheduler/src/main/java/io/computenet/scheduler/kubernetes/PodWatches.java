package io.computenet.scheduler.kubernetes;

import io.computenet.scheduler.SchedulerConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Pod watches of all regions ({@link RegionPodWatch}, one informer each), started with the scheduler and stopped
 * with it; a region is also started on first use. Pod changes they see are fired as {@link PodChanged} CDI events.
 * With {@code computenet.scheduler.kubernetes.watch=false} nothing is watched and every read goes to the API server.
 * <p>
 * Metrics per region: {@code computenet_scheduler_pod_cache_size}, {@code computenet_scheduler_pod_watch_synced}
 * (1 or 0) and {@code computenet_scheduler_pod_watch_restarts_total}.
 */
@ApplicationScoped
public class PodWatches {

    private static final Logger LOG = Logger.getLogger(PodWatches.class);

    @Inject
    SchedulerConfig config;
    @Inject
    RegionalClients clients;
    @Inject
    MeterRegistry metrics;
    @Inject
    Event<PodChanged> changes;
    @Inject
    Event<ReplicaReadinessChanged> replicaReadiness;

    private final Map<String, RegionPodWatch> watches = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    void start(@Observes StartupEvent event) {
        if (!config.kubernetes().watch()) {
            LOG.info("pod watches are off: every Pod phase is read from the API server");
            return;
        }
        config.regions().keySet().forEach(this::cache);
    }

    /** The region's watch cache (started if need be), or null when Pods are not watched. */
    public PodCache cache(String region) {
        if (stopped || !config.kubernetes().watch() || !config.regions().containsKey(region)) {
            return null;
        }
        return watches.computeIfAbsent(region, this::startWatch);
    }

    private RegionPodWatch startWatch(String region) {
        RegionPodWatch watch = RegionPodWatch.start(region, clients.forRegion(region), config.namespace(),
                config.kubernetes().resyncPeriod(), changes::fire, replicaReadiness::fire);
        Gauge.builder("computenet.scheduler.pod.cache.size", watch, RegionPodWatch::size)
                .description("lease Pods in the region's watch cache").tag("region", region).register(metrics);
        Gauge.builder("computenet.scheduler.pod.watch.synced", watch, w -> w.synced() ? 1 : 0)
                .description("1 while the region's Pod cache is listed and watching, else 0 (Pod phases are then read "
                        + "from the API server)").tag("region", region).register(metrics);
        FunctionCounter.builder("computenet.scheduler.pod.watch.restarts", watch, RegionPodWatch::restarts)
                .description("list or watch failures after which the region's Pod informer started over")
                .tag("region", region).register(metrics);
        LOG.infof("watching lease Pods of region %s in namespace %s", region, config.namespace());
        return watch;
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        watches.values().forEach(RegionPodWatch::close);
        watches.clear();
    }
}
