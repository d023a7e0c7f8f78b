package io.computenet.portal.gateway.core;

import io.computenet.contracts.api.endpoint.TrafficReport;
import io.computenet.contracts.api.endpoint.TrafficReport.EndpointTraffic;
import io.computenet.contracts.api.endpoint.TrafficReport.KeyTraffic;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The gateway's traffic since the last report, cut into {@link TrafficReport}s. Cutting a report moves the counters
 * into it and starts a new window; until the scheduler has taken that report ({@link #delivered}) the next cut
 * returns the same report, same id, again (the scheduler ignores a repeated id), and new traffic waits in the open
 * window for the report after it. So a lost answer can neither drop nor double any request or token. Gauges
 * (in flight, waiting) are read at the cut. There is a report to send only while there is traffic: a counter above
 * zero or a request in flight or waiting. Safe for the gateway's event-loop threads.
 */
public final class TrafficLedger {

    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Map<String, Counters> endpoints = new LinkedHashMap<>();
    private Instant windowStart;
    private TrafficReport unacknowledged;

    public TrafficLedger(Clock clock, Supplier<UUID> ids) {
        this.clock = clock;
        this.ids = ids;
        this.windowStart = clock.instant();
    }

    /** A request of {@code endpointId} went to a replica. */
    public synchronized void started(String endpointId) {
        counters(endpointId).inFlight++;
    }

    /** A request that {@link #started} has ended; {@code usage} is what its answer reported. */
    public synchronized void finished(String endpointId, String keyId, Usage usage) {
        Counters c = counters(endpointId);
        c.inFlight = Math.max(0, c.inFlight - 1);
        c.add(usage);
        c.byKey.computeIfAbsent(keyId, k -> new Counters()).add(usage);
    }

    /** A request that {@link #started} never reached the replica (it is tried on another or given up): not counted. */
    public synchronized void abandoned(String endpointId) {
        Counters c = counters(endpointId);
        c.inFlight = Math.max(0, c.inFlight - 1);
    }

    /** A request of {@code endpointId} waits for a ready replica. */
    public synchronized void waiting(String endpointId) {
        counters(endpointId).waiting++;
    }

    /** A request that was {@link #waiting} waits no more (it got a replica, timed out or was abandoned). */
    public synchronized void waited(String endpointId) {
        Counters c = counters(endpointId);
        c.waiting = Math.max(0, c.waiting - 1);
    }

    /** The report to send now: the one not yet taken, else a new cut; empty without traffic. */
    public synchronized Optional<TrafficReport> next() {
        if (unacknowledged != null) {
            return Optional.of(unacknowledged);
        }
        Instant now = clock.instant();
        List<EndpointTraffic> lines = new ArrayList<>();
        endpoints.forEach((endpointId, c) -> {
            if (c.active()) {
                List<KeyTraffic> byKey = c.byKey.entrySet().stream()
                        .map(k -> new KeyTraffic(k.getKey(), k.getValue().requests, k.getValue().promptTokens,
                                k.getValue().completionTokens))
                        .toList();
                lines.add(new EndpointTraffic(endpointId, c.inFlight, c.waiting, c.requests, c.promptTokens,
                        c.completionTokens, byKey));
            }
        });
        endpoints.values().forEach(Counters::clearCounters);
        endpoints.values().removeIf(c -> !c.active());
        Instant start = windowStart;
        windowStart = now;
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        unacknowledged = new TrafficReport(ids.get(), start, now, lines);
        return Optional.of(unacknowledged);
    }

    /** The scheduler has taken report {@code reportId}: the next cut opens a new one. */
    public synchronized void delivered(UUID reportId) {
        if (unacknowledged != null && unacknowledged.reportId().equals(reportId)) {
            unacknowledged = null;
        }
    }

    private Counters counters(String endpointId) {
        return endpoints.computeIfAbsent(endpointId, id -> new Counters());
    }

    private static final class Counters {
        int inFlight;
        int waiting;
        long requests;
        long promptTokens;
        long completionTokens;
        final Map<String, Counters> byKey = new LinkedHashMap<>();

        void add(Usage usage) {
            requests++;
            promptTokens += usage.promptTokens();
            completionTokens += usage.completionTokens();
        }

        void clearCounters() {
            requests = 0;
            promptTokens = 0;
            completionTokens = 0;
            byKey.clear();
        }

        boolean active() {
            return inFlight > 0 || waiting > 0 || requests > 0;
        }
    }
}
