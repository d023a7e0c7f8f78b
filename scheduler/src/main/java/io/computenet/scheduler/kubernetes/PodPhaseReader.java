package io.computenet.scheduler.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.function.Supplier;

/**
 * Decides where a Pod's phase comes from: the region's watch cache when it can be trusted, otherwise one GET. A pure
 * function of the cache's state (no client, no clock), so the rules are tested on their own.
 * <ul>
 *     <li>no cache (watching disabled or not started), a cache that has not synced or is reconnecting, or a namespace it
 *     does not watch: GET;</li>
 *     <li>a Pod in a synced cache: its phase, no request;</li>
 *     <li>a Pod absent from a synced cache: confirmed with one GET before it counts as missing, because a Pod created a
 *     moment ago may not have reached the cache through the watch yet (its lease must not fail for that). Once it is
 *     in the cache, no more requests; a Pod that is really gone ends its lease, so the GET is not repeated.</li>
 * </ul>
 */
public final class PodPhaseReader {

    /** Where an answer came from, for metrics and tests. */
    public enum Source {
        /** the watch cache, no request */
        CACHE,
        /** one GET: there is no usable cache (watching off, not synced yet, reconnecting, or another namespace) */
        API_NO_CACHE,
        /** one GET: the Pod is not in the synced cache, the server decides whether it exists */
        API_CONFIRM_ABSENT
    }

    public record Read(PodPhase phase, Source source) {
    }

    private PodPhaseReader() {
    }

    /**
     * @param cache  the region's cache, or null when the region is not watched
     * @param apiGet reads the Pod from the API server (null when it does not exist); called at most once
     */
    public static Read read(PodCache cache, String namespace, String name, Supplier<Pod> apiGet) {
        if (cache == null || !cache.covers(namespace) || !cache.synced()) {
            return new Read(fromServer(apiGet.get(), name), Source.API_NO_CACHE);
        }
        Pod cached = cache.get(namespace, name);
        if (cached != null) {
            return new Read(PodPhase.of(cached), Source.CACHE);
        }
        return new Read(fromServer(apiGet.get(), name), Source.API_CONFIRM_ABSENT);
    }

    private static PodPhase fromServer(Pod pod, String name) {
        return pod == null ? PodPhase.missing(name) : PodPhase.of(pod);
    }
}
